// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;

namespace Wtt.Core.Tests.ProcessTable;

/// <summary>Runs tests/Wtt.TableStress (built next to this test project; built on first use if missing).</summary>
internal sealed class TableStressProcess : IDisposable
{
    private static readonly Lazy<string> HelperPath = new(FindOrBuildHelper, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Process _process;

    private TableStressProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Finds (and if missing or stale, builds) the helper; class fixtures call it so the build is outside test timeouts.</summary>
    public static string EnsureBuilt() => HelperPath.Value;

    public static TableStressProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(HelperPath.Value);
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
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
            if (line == last)
            {
                return lines;
            }
        }

        var error = await _process.StandardError.ReadToEndAsync(cancellationToken);
        throw new InvalidOperationException($"The helper ended before '{last}': {error}");
    }

    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(); // SIGKILL on Unix.
        await _process.WaitForExitAsync(cancellationToken);
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static string FindOrBuildHelper()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "tests", "Wtt.TableStress")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("tests/Wtt.TableStress was not found above the test folder.");
        }

        var project = Path.Combine(directory.FullName, "tests", "Wtt.TableStress");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "Wtt.TableStress.dll");
        var helperCore = Path.Combine(Path.GetDirectoryName(dll)!, "Wtt.Core.dll");
        var testCore = Path.Combine(AppContext.BaseDirectory, "Wtt.Core.dll");
        if (File.Exists(dll) && File.Exists(helperCore) && File.GetLastWriteTimeUtc(helperCore) >= File.GetLastWriteTimeUtc(testCore))
        {
            return dll;
        }

        var build = Process.Start(new ProcessStartInfo("dotnet", ["build", project, "-c", configuration, "--nologo", "-v", "q"]) { RedirectStandardOutput = true })!;
        build.StandardOutput.ReadToEnd();
        build.WaitForExit();
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"Building {project} did not produce {dll}.");
    }
}
