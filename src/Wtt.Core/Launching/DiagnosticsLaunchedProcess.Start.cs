// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.ComponentModel;
using System.Diagnostics;
using Wtt.Core.Launching.Native;

namespace Wtt.Core;

/// <content>Starting through <see cref="Process"/>.</content>
internal sealed partial class DiagnosticsLaunchedProcess
{
    /// <summary>Starts a process through <see cref="Process"/>.</summary>
    /// <returns>The started process.</returns>
    public static DiagnosticsLaunchedProcess Start(ProcessLaunchRequest request, string executable, List<KeyValuePair<string, string>> variables, string? workingDirectory, string? userName, ProcessLauncherOptions options, TimeProvider timeProvider, string? cgroup)
    {
        var spec = request.Spec;
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = spec.CaptureOutput,
            RedirectStandardError = spec.CaptureOutput,
            RedirectStandardInput = options.StandardInputFromNull,
            CreateNoWindow = spec.CreationFlags.HasFlag(ProcessCreationFlags.Detached),
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in variables)
        {
            info.Environment[name] = value;
        }

        if (userName is not null)
        {
            info.UserName = userName;
        }

        var process = new Process { StartInfo = info };
        try
        {
            _ = process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new WttException(WttErrorCode.StartFailed, $"Starting '{executable}' failed: {ex.Message}", ex, request.Id);
        }

        if (options.StandardInputFromNull)
        {
            process.StandardInput.Close();
        }

        var pidfd = -1;
        if (OperatingSystem.IsLinux())
        {
            OrphanReaper.TrackRoot(process.Id); // the runtime reaps it, not the orphan reaper
            pidfd = Syscalls.PidfdOpen(process.Id);
            if (cgroup is not null && !CgroupTree.TryAdd(cgroup, process.Id))
            {
                _ = CgroupTree.TryRemove(cgroup);
                cgroup = null;
            }

            if (cgroup is not null)
            {
                OrphanReaper.TrackCgroup(cgroup);
            }
        }

        var launched = new DiagnosticsLaunchedProcess(process, request.Id, options, timeProvider, pidfd, cgroup);
        launched.PumpOutput(spec.CaptureOutput);
        return launched;
    }
}
