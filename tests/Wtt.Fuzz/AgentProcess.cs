// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Wtt.Fuzz;

/// <summary>The agent under test in a process of its own, so a crash of any kind (a segfault included) shows as its exit.</summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder errors = new();

    private AgentProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Gets what the agent wrote to standard error (an unhandled exception would be there).</summary>
    public string Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }
    }

    public static async Task<AgentProcess> StartAsync(string secret, string folder)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(AgentProcess).Assembly.Location);
        }

        foreach (var argument in new[] { "agent", port.ToString(System.Globalization.CultureInfo.InvariantCulture), secret, folder })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var agent = new AgentProcess(process, port);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (agent.errors)
            {
                agent.errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (ready != "ready")
        {
            throw new InvalidOperationException($"The agent did not start: {ready} {agent.Errors}");
        }

        return agent;
    }

    /// <summary>Reads the resident set size (VmRSS) of the agent, in KiB.</summary>
    public long RssKiB()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    /// <summary>Counts the agent's child processes (none may exist: the fuzz never lets a process be created).</summary>
    public int Children()
    {
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                count += fields[1] == Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) ? 1 : 0;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A process that ended meanwhile, or not a process folder.
            }
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
