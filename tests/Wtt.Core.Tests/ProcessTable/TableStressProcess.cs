// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Wtt.Core.Tests.ProcessTable;

/// <summary>
/// Runs tests/Wtt.TableStress, which the test project references and so finds next to the test assembly (the
/// solution is built before the tests run; a test never builds). Its standard output is read into a queue of lines
/// and its standard error drained from the start, so the helper never blocks on a full pipe and a test waits for a
/// line with a timeout that always works.
/// </summary>
internal sealed class TableStressProcess : IDisposable
{
    private static readonly string HelperPath = Path.Combine(AppContext.BaseDirectory, "Wtt.TableStress.dll");
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly StringBuilder _error = new();
    private readonly Task _stderr;

    private TableStressProcess(Process process)
    {
        _process = process;
        _ = Task.Run(PumpOutputAsync);
        _stderr = Task.Run(PumpErrorAsync);
    }

    public int Pid => _process.Id;

    public static TableStressProcess Start(params string[] args)
    {
        if (!File.Exists(HelperPath))
        {
            throw new InvalidOperationException($"{HelperPath} is missing; build the solution (the test project references tests/Wtt.TableStress) before running the tests.");
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(HelperPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new TableStressProcess(Process.Start(info)!);
    }

    /// <summary>Reads stdout lines until <paramref name="last"/>; fails with stderr when the process ends first.</summary>
    public async Task<List<string>> ReadUntilAsync(string last, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (await _lines.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_lines.Reader.TryRead(out var line))
            {
                lines.Add(line);
                if (line == last)
                {
                    return lines;
                }
            }
        }

        await _stderr.WaitAsync(cancellationToken);
        string error;
        lock (_error)
        {
            error = _error.ToString();
        }

        throw new InvalidOperationException($"The helper ended before '{last}': {error}");
    }

    /// <summary>Kills the process (SIGKILL on Unix) and waits until it has exited and been reaped.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill();
        await _process.WaitForExitAsync(cancellationToken);
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private async Task PumpOutputAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                _lines.Writer.TryWrite(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process was disposed.
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    private async Task PumpErrorAsync()
    {
        var buffer = new char[4096];
        try
        {
            while (await _process.StandardError.ReadAsync(buffer) is var read and > 0)
            {
                lock (_error)
                {
                    _error.Append(buffer, 0, read);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process was disposed.
        }
    }
}
