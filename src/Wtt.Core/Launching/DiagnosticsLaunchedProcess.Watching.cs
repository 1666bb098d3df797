// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;

namespace Wtt.Core;

/// <content>Exit and output of a <see cref="Process"/>.</content>
internal sealed partial class DiagnosticsLaunchedProcess
{
    private async Task<ProcessExit> WaitAsync(TimeProvider timeProvider)
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        ReleasePidfd(exited: true);
        var code = _process.ExitCode;
        var at = timeProvider.GetUtcNow();
        if (OperatingSystem.IsLinux())
        {
            OrphanReaper.UntrackRoot(Pid);
        }

        if (_cgroup is not null)
        {
            if (CgroupTree.TryRemove(_cgroup))
            {
                OrphanReaper.UntrackCgroup(_cgroup);
            }
            else
            {
                OrphanReaper.CgroupOutlivedRoot(_cgroup);
            }
        }

        return !OperatingSystem.IsWindows() && code is > 128 and < 160
            ? new ProcessExit(code, at) { Signal = code - 128 }
            : new ProcessExit(code, at);
    }

    /// <summary>Completes the output once both pumps have read their streams to the end: no chunk comes after.</summary>
    private void EndOutput()
    {
        _ = _output.Writer.TryComplete();
        _ = _outputEnded.TrySetResult();
    }

    private void PumpOutput(bool capture)
    {
        if (!capture)
        {
            EndOutput();
            return;
        }

        var stdout = PumpAsync(_process.StandardOutput.BaseStream, OutputSource.StandardOutput);
        var stderr = PumpAsync(_process.StandardError.BaseStream, OutputSource.StandardError);
        _ = Task.WhenAll(stdout, stderr).ContinueWith(_ => EndOutput(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task PumpAsync(Stream stream, OutputSource source)
    {
        var buffer = new byte[_options.OutputBufferSize];
        long offset = 0;
        try
        {
            int count;
            while ((count = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                _ = _output.Writer.TryWrite(new OutputChunk(_id, source, offset, buffer.AsSpan(0, count).ToArray()));
                offset += count;
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
