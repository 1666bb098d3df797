// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.ClientContracts;

/// <summary>Specs that run a contract script with the test helper program (tests/Wtt.TestHelper), copied next to the test assembly by a project reference.</summary>
public static class TestHelperScript
{
    /// <summary>Gets the helper program's path.</summary>
    public static string ProgramPath { get; } = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Wtt.TestHelper.exe" : "Wtt.TestHelper");

    /// <summary>Makes the spec of a script: without the READY line, attached to Wtt when <paramref name="kind"/> says so.</summary>
    /// <param name="kind">Whether the process attaches to Wtt.</param>
    /// <param name="machine">The machine to run on; <see langword="null"/> for the client's own.</param>
    /// <param name="commands">The script (see <see cref="IClientHarness"/>).</param>
    /// <returns>The spec.</returns>
    public static ProcessStartSpec Spec(ProcessKind kind, string? machine, IEnumerable<string> commands)
        => new(ProgramPath)
        {
            Kind = kind,
            Machine = machine,
            Arguments = [.. kind == ProcessKind.WttBased ? ["no-ready", "attach"] : new[] { "no-ready" }, .. commands],
        };
}
