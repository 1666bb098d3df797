// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.ClientContracts;

namespace Wtt.Integration.Tests.Remote;

/// <summary>The contract seen from machine "a" about processes on machine "b", through the agent.</summary>
internal sealed class RemoteClientHarness(TwoMachines machines) : IClientHarness
{
    private static readonly string Helper = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Wtt.TestHelper.exe" : "Wtt.TestHelper");

    public IWttClient Client => machines.A.Client;

    public string? Machine => "b";

    public string TempFolder => machines.LogFolder;

    public ProcessStartSpec Script(ProcessKind kind, params string[] commands)
        => new(Helper) { Machine = "b", Kind = kind, Arguments = [.. kind == ProcessKind.WttBased ? ["no-ready", "attach"] : new[] { "no-ready" }, .. commands] };

    public ProcessStartSpec Missing() => new("/nonexistent/wtt-no-such-program") { Machine = "b" };

    public ValueTask DisposeAsync() => machines.DisposeAsync();
}
