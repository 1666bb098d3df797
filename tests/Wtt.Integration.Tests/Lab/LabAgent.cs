// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Text;

namespace Wtt.Integration.Tests.Lab;

/// <summary>
/// One agent machine of the lab: the agent sample (samples/Wtt.Samples.AgentHost) run by <c>nsenter --net</c> in its own
/// network namespace, listening on tcp://10.77.N.2:7447, with its own table folder and call journal. It can be
/// killed (SIGKILL) and started again on the same folders and address, as a restarted machine would be.
/// <c>nsenter</c> rather than <c>ip netns exec</c>: the latter mounts a sysfs of the namespace over <c>/sys</c>, which
/// hides the cgroup v2 hierarchy, so the agent would kill trees by the <c>/proc</c> walk instead of <c>cgroup.kill</c>
/// as an agent on a real machine does.
/// </summary>
internal sealed class LabAgent : IAsyncDisposable
{
    /// <summary>The port every agent listens on, each in its own namespace.</summary>
    public const int Port = 7447;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder output = new();
    private readonly string secret;
    private Process? process;

    public LabAgent(string name, LabLink link, string folder, string secret)
    {
        Name = name;
        Link = link;
        Folder = Directory.CreateDirectory(folder).FullName;
        this.secret = secret;
    }

    /// <summary>Gets the machine name the agent reports.</summary>
    public string Name { get; }

    /// <summary>Gets the agent's network.</summary>
    public LabLink Link { get; }

    /// <summary>Gets the agent's folder: table, journal and logs.</summary>
    public string Folder { get; }

    /// <summary>Gets the agent's address.</summary>
    public Uri Address => new($"tcp://{Link.AgentAddress}:{Port}");

    /// <summary>Gets the folder of the agent's process table.</summary>
    public string TableFolder => Path.Combine(Folder, "table");

    /// <summary>Gets the folder of the agent's call journal.</summary>
    public string JournalFolder => Path.Combine(Folder, "journal");

    /// <summary>Gets a folder for logs of processes that run on this agent.</summary>
    public string LogFolder => Directory.CreateDirectory(Path.Combine(Folder, "logs")).FullName;

    /// <summary>Gets the pid of the running agent process.</summary>
    public int Pid => process?.Id ?? throw new InvalidOperationException($"Agent {Name} is not running.");

    /// <summary>Gets what the agent printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the agent and returns once it prints that it serves (its listener is open).</summary>
    public async Task StartAsync()
    {
        if (process is { HasExited: false })
        {
            throw new InvalidOperationException($"Agent {Name} already runs (pid {process.Id}).");
        }

        var info = new ProcessStartInfo("nsenter")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (var argument in (string[])[
            $"--net=/run/netns/{Link.Namespace}", "--",
            LabPaths.DotnetHost, LabPaths.AgentHostDll,
            $"--Wtt:MachineName={Name}",
            $"--Wtt:TableFolder={TableFolder}",
            "--Wtt:TableCapacity=256",
            $"--Wtt:Agent:Endpoints:0={Address}",
            $"--Wtt:Agent:JournalFolder={JournalFolder}",
            "--Logging:LogLevel:Default=Warning",
        ])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["WTT_AGENT_SECRET"] = secret;
        info.Environment["DOTNET_NOLOGO"] = "1";
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new Process { StartInfo = info, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, e) => OnLine(e.Data, serving);
        started.ErrorDataReceived += (_, e) => OnLine(e.Data, null);
        started.Exited += (_, _) => serving.TrySetException(new InvalidOperationException($"Agent {Name} exited before it served. Its output:\n{Output}"));
        Append($"--- start at {DateTime.UtcNow:HH:mm:ss.fff}");
        started.Start();
        process = started;
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        try
        {
            await serving.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Agent {Name} did not serve within {StartTimeout.TotalSeconds} s. Its output:\n{Output}", ex);
        }
    }

    /// <summary>Plugs the agent's cable back in and returns once its listener can be reached again.</summary>
    public async Task RestoreLinkAsync()
    {
        await Link.RestoreAsync();
        await Link.WaitReachableAsync(Port, TimeSpan.FromSeconds(10));
    }

    /// <summary>Kills the agent at once (SIGKILL): no listener closes cleanly, no journal line is finished.</summary>
    public async Task KillAsync()
    {
        if (process is { } running)
        {
            running.Kill();
            await running.WaitForExitAsync();
            running.Dispose();
            process = null;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await KillAsync();

    private void OnLine(string? line, TaskCompletionSource? serving)
    {
        if (line is null)
        {
            return;
        }

        Append(line);
        if (serving is not null && line.StartsWith("Serving", StringComparison.Ordinal))
        {
            serving.TrySetResult();
        }
    }

    private void Append(string line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
