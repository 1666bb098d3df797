// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using Wtt.ClientContracts;
using Wtt.Core.Launching.Native;
using Wtt.Core.Tests.ProcessTable;

namespace Wtt.Core.Tests.Machine;

/// <summary>A process whose launcher is gone still reaches its end in the table, and waits on it see it.</summary>
public sealed class OrphanedRowTests
{
    [Fact(Timeout = 60_000)]
    public async Task WaitAsync_LauncherKilledThenProcessKilled_AnotherEngineSeesTheEnd()
    {
        using var folder = new TempTableFolder();
        var (launcher, id, pid) = await LaunchAsync(folder.Path);
        await using var observer = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = folder.Path });
        var handle = new WttProcessHandle(id);
        Assert.Equal(ProcessStatus.Running, (await observer.Client.GetProcessInfoAsync(handle)).Status);

        launcher.Kill();
        await launcher.WaitForExitAsync();
        KillQuietly(pid);

        var wait = await observer.Client.WaitAsync(ProcessSet.Of(handle), WaitOptions.AllExited with { Timeout = TimeSpan.FromSeconds(30) });

        Assert.Equal(WaitOutcome.Satisfied, wait.Outcome);
        var info = await observer.Client.GetProcessInfoAsync(handle);
        Assert.True(info.Status.IsEnded(), $"status {info.Status}");
        Assert.Null(info.ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Open_ProcessDiedWhileNoEngineRan_RowIsEndedAtOpen()
    {
        using var folder = new TempTableFolder();
        var (launcher, id, pid) = await LaunchAsync(folder.Path);
        launcher.Kill();
        await launcher.WaitForExitAsync();
        KillAndAwaitDeath(pid);

        await using var engine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = folder.Path });
        var info = await engine.Client.GetProcessInfoAsync(new WttProcessHandle(id));

        Assert.True(info.Status.IsEnded(), $"status {info.Status}");
    }

    private static async Task<(Process Launcher, WttProcessId Id, int Pid)> LaunchAsync(string tableFolder)
    {
        var info = new ProcessStartInfo(TestHelperScript.ProgramPath) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "no-ready", "wtt-launch", tableFolder, "no-ready", "sleep", "-1" })
        {
            info.ArgumentList.Add(arg);
        }

        var launcher = Process.Start(info)!;
        while (await launcher.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Split(' ') is ["CREATED", var id, var pid])
            {
                return (launcher, WttProcessId.Parse(id, CultureInfo.InvariantCulture), int.Parse(pid, CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException($"The launcher exited with {launcher.ExitCode} before creating its process.");
    }

    /// <summary>
    /// Kills a process that is not this one's child and returns once it is dead. It is waited for through a pidfd, which
    /// is readable from its death on, whoever reaps it: re-parented to this process (a child subreaper once a machine
    /// has been opened here), it stays a zombie that no one here reaps, and Process.WaitForExitAsync, which waits for a
    /// process that is not its child by checking that it exists, would never return.
    /// </summary>
    private static void KillAndAwaitDeath(int pid)
    {
        var pidfd = Syscalls.PidfdOpen(pid);
        if (pidfd < 0)
        {
            return; // Already gone with its launcher.
        }

        try
        {
            Assert.Equal(0, Syscalls.PidfdSendSignal(pidfd, SignalNumbers.Kill));
            Assert.True(Syscalls.PollReadable(pidfd, timeoutMilliseconds: 30_000), $"process {pid} was still alive 30 s after SIGKILL.");
        }
        finally
        {
            Syscalls.CloseQuietly(pidfd);
        }
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone with its launcher.
        }
    }
}
