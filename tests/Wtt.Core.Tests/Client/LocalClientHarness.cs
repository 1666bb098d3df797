// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.ClientContracts;

namespace Wtt.Core.Tests.Client;

/// <summary>The client engine over this machine's real parts, running the test helper program in a table folder of its own.</summary>
internal sealed class LocalClientHarness : IClientHarness
{
    private readonly string root;

    public LocalClientHarness()
    {
        root = Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-tests", Guid.NewGuid().ToString("N"));
        Machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = Path.Combine(root, "table"), Capacity = 256 });
        TempFolder = Directory.CreateDirectory(Path.Combine(root, "logs")).FullName;
    }

    public LocalWttMachine Machine { get; }

    public IWttClient Client => Machine.Client;

    string? IClientHarness.Machine => null;

    public string TempFolder { get; }

    public ProcessStartSpec Script(ProcessKind kind, params string[] commands) => TestHelperScript.Spec(kind, null, commands);

    public ProcessStartSpec Missing() => new(Path.Combine(root, "no-such-program"));

    public async ValueTask DisposeAsync()
    {
        var running = Machine.Table.List().Where(r => !r.Status.IsEnded()).Select(r => new WttProcessHandle(r.Id)).ToList();
        if (running.Count > 0)
        {
            await Machine.Client.TerminateAsync(ProcessSet.Of(running), new TerminateOptions { GracePeriod = TimeSpan.Zero });
        }

        await Machine.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }
}
