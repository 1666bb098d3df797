// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.ClientContracts;

namespace Wtt.Core.Tests.Client;

/// <summary>The client engine over the in-memory doubles, with scripted fake processes.</summary>
internal sealed class InMemoryClientHarness : IClientHarness
{
    private const string MissingFile = "missing-program";

    public InMemoryClientHarness()
    {
        Wtt = new InMemoryWttMachine(heartbeatOptions: new HeartbeatMonitorOptions
        {
            Interval = TimeSpan.FromMilliseconds(50),
            DefaultThreadTimeout = TimeSpan.FromSeconds(10),
        });
        Wtt.Launcher.FileExists = file => file != MissingFile;
        Wtt.Launcher.ProcessStarted += (_, process) => _ = Task.Run(() => ScriptedProcess.RunAsync(Wtt, process));
        TempFolder = Directory.CreateTempSubdirectory("wtt-contract-").FullName;
    }

    public InMemoryWttMachine Wtt { get; }

    public IWttClient Client => Wtt.Client;

    public string? Machine => null;

    public string TempFolder { get; }

    public ProcessStartSpec Script(ProcessKind kind, params string[] commands)
        => new("scripted") { Kind = kind, Arguments = commands };

    public ProcessStartSpec Missing() => new(MissingFile);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Wtt.Launcher.Started)
        {
            process.Crash(System.Runtime.InteropServices.PosixSignal.SIGTERM);
        }

        await Wtt.DisposeAsync();
        Directory.Delete(TempFolder, recursive: true);
    }
}
