// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Wtt.Cli.Common;
using Wtt.Cli.Configuration;
using Wtt.Transports;

namespace Wtt.Cli.Commands;

/// <summary><c>wtt machines</c>: pings every configured agent and reports whether it answered, its protocol, and the round trip.</summary>
internal static class MachinesCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="io">Where it writes.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliIo io)
    {
        var timeout = new Option<string>("--timeout") { Description = "How long each agent may take to answer.", DefaultValueFactory = _ => "10s" };
        var command = new Command("machines", "Ping every agent of Wtt:Machines: reachable, agent version, protocol version, latency (a call's round trip), agent's uptime; exit code 3 when one is unreachable.")
        {
            timeout,
        };
        return command.Runs(io, null, async (context, cancellationToken) =>
        {
            var limit = Durations.Parse(context.Parse.GetValue(timeout)!, "--timeout");
            var names = context.Options.Machines.Keys.Where(m => m != CliContext.LocalAgentMachine).Order(StringComparer.OrdinalIgnoreCase).ToList();
            var pings = await Task.WhenAll(names.Select(name => PingAsync(context, name, limit, cancellationToken))).ConfigureAwait(false);
            if (context.Json)
            {
                JsonOutput.Write(context.Output, pings);
            }
            else if (pings.Length == 0)
            {
                context.Output.WriteLine("No machines are configured; add them under Wtt:Machines (WTT_Wtt__Machines__lab2=tcp://10.0.0.9:7447).");
            }
            else
            {
                var table = new TextTable("MACHINE", "ADDRESS", "REACHABLE", "AGENT", "PROTOCOL", "LATENCY", "AGENT UP", "ERROR");
                foreach (var ping in pings)
                {
                    table.Add(
                        ping.Machine,
                        ping.Address,
                        ping.Reachable ? "yes" : "no",
                        ping.AgentSoftware ?? "-",
                        ping.ProtocolVersion?.ToString(CultureInfo.InvariantCulture) ?? "-",
                        ping.LatencyMilliseconds is { } ms ? $"{ms:0.0}ms" : "-",
                        ping.AgentUptimeSeconds is { } up ? Durations.Format(TimeSpan.FromSeconds(up)) : "-",
                        ping.Error ?? string.Empty);
                }

                table.WriteTo(context.Output);
            }

            return pings.FirstOrDefault(p => !p.Reachable)?.ExitCode ?? ExitCodes.Ok;
        });
    }

    private static async Task<MachinePing> PingAsync(CliContext context, string machine, TimeSpan limit, CancellationToken cancellationToken)
    {
        var address = context.Options.Machines[machine];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            var remote = await context.Connector.GetClientAsync(machine, deadline.Token).ConfigureAwait(false);

            // The first call on a connection pays for warming up both ends; the latency is the next one's round trip.
            _ = await remote.GetCurrentProcessInfoAsync(deadline.Token).ConfigureAwait(false);
            var watch = Stopwatch.StartNew();
            var agent = await remote.GetCurrentProcessInfoAsync(deadline.Token).ConfigureAwait(false);
            var latency = watch.Elapsed.TotalMilliseconds;
            var uptime = agent?.StartedAt is { } started ? (TimeProvider.System.GetUtcNow() - started).TotalSeconds : (double?)null;
            var wire = remote as RemoteWttClient;
            return new MachinePing(machine, address, true, wire?.AgentSoftware, wire is null ? null : WttProtocol.Version, latency, uptime, agent?.Id, null, ExitCodes.Ok);
        }
        catch (WttException ex)
        {
            return new MachinePing(machine, address, false, null, null, null, null, null, ex.Message.ReplaceLineEndings(" "), ExitCodes.For(ex.ErrorCode));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new MachinePing(machine, address, false, null, null, null, null, null, $"no answer within {Durations.Format(limit)}", ExitCodes.Unreachable);
        }
    }

    /// <summary>One line of <c>wtt machines</c>.</summary>
    /// <param name="Machine">The name.</param>
    /// <param name="Address">The configured address.</param>
    /// <param name="Reachable">Whether the agent answered.</param>
    /// <param name="AgentSoftware">The agent's software and version as it told them in the handshake (<c>Wtt/0.1.0</c>).</param>
    /// <param name="ProtocolVersion">The protocol version it speaks (the handshake refuses any other).</param>
    /// <param name="LatencyMilliseconds">One call's round trip, once connected.</param>
    /// <param name="AgentUptimeSeconds">How long the agent's process has run.</param>
    /// <param name="AgentProcessId">The agent's own process id in its table.</param>
    /// <param name="Error">Why it is not reachable.</param>
    /// <param name="ExitCode">The exit code this line calls for.</param>
    private sealed record MachinePing(
        string Machine,
        string Address,
        bool Reachable,
        string? AgentSoftware,
        int? ProtocolVersion,
        double? LatencyMilliseconds,
        double? AgentUptimeSeconds,
        WttProcessId? AgentProcessId,
        string? Error,
        [property: System.Text.Json.Serialization.JsonIgnore] int ExitCode);
}
