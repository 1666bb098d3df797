// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt.Core;

namespace Wtt.Samples.Lab;

/// <summary>
/// The protocol-test scenario: a server on one machine, its peer on another, a monitor here; wait for all
/// three to initialise, follow their logs, show the table, shut the group down, and say how each ended.
/// </summary>
internal static class LabScenario
{
    public static async Task<int> RunAsync(LabArguments args)
    {
        await using var lab = await LabMachines.StartAsync(args);
        var client = lab.Script.Client;
        await using var self = await WttProcess.AttachAsync(new WttProcessAttachOptions { TableFolder = lab.Script.Options.TableFolder });
        lab.Script.Options.Client.SelfId = self.Id;
        var group = WttProcessId.New();
        Console.WriteLine($"test script {self.Id} on lab, group {group}");

        var logs = Directory.CreateDirectory(Path.Combine(lab.Root, "logs")).FullName;
        var roles = new (string Role, string? Machine)[] { ("server", lab.Remote[0]), ("peer", lab.Remote[1]), ("monitor", null) };
        var handles = new List<WttProcessHandle>();
        foreach (var (role, machine) in roles)
        {
            var log = Path.Combine(logs, $"{role}.log");
            handles.Add(await client.CreateProcessAsync(SelfAs(role, log) with { Machine = machine, GroupId = group, LogFiles = [log] }));
            Console.WriteLine($"created {role,-8} on {machine ?? "lab",-6} {handles[^1].Id}");
        }

        var ready = await client.WaitAsync(ProcessSet.Of(handles), WaitOptions.AllInitialized with { Timeout = TimeSpan.FromSeconds(60) });
        Console.WriteLine($"all initialised: {ready.Outcome}{(ready.IsSatisfied ? string.Empty : $" at #{ready.Index} ({roles[ready.Index].Role})")}");

        using var stopTails = new CancellationTokenSource();
        var tails = handles.Select((h, i) => LabLogs.FollowAsync(client, h, roles[i].Machine ?? "lab", ticksToSee: 3, stopTails.Token)).ToList();
        await Task.WhenAll(tails.Select(t => t.SawTicks)).WaitAsync(TimeSpan.FromSeconds(60));

        await PrintTableAsync(client, group);

        var ended = await client.TerminateAsync(ProcessSet.Group(group), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(5) });
        await Task.WhenAll(tails.Select(t => t.Completion)).WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var entry in ended.Entries)
        {
            var role = roles[handles.FindIndex(h => h.Id == entry.Id)].Role;
            Console.WriteLine($"{role,-8} on {entry.Machine ?? "lab",-6} ended: {entry.Outcome}, status {entry.Status}, exit code {entry.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
        }

        return ready.IsSatisfied && ended.Entries.All(e => e.Outcome == SignalOutcome.StoppedCleanly) ? 0 : 1;
    }

    private static ProcessStartSpec SelfAs(string role, string log)
    {
        var self = Environment.ProcessPath!;
        string[] roleArgs = ["--role", role, "--log", log];
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartSpec(self) { Arguments = [typeof(LabScenario).Assembly.Location, .. roleArgs], Kind = ProcessKind.WttBased }
            : new ProcessStartSpec(self) { Arguments = roleArgs, Kind = ProcessKind.WttBased };
    }

    private static async Task PrintTableAsync(IWttClient client, WttProcessId group)
    {
        var rows = await client.GetProcessListAsync(new ProcessListOptions { ResolveRemote = true, Filter = ProcessSet.Group(group) });
        LabLogs.Print($"{"MACHINE",-7} {"UUID",-36} {"PARENT",-36} {"GROUP",-8} {"STATUS",-12} HEARTBEAT AGE");
        foreach (var row in rows)
        {
            var age = row.HeartbeatAge is { } a ? $"{a.TotalMilliseconds:0} ms" : "-";
            LabLogs.Print($"{row.Machine ?? "lab",-7} {row.Id,-36} {row.ParentId,-36} {row.GroupId.ToString()[..8],-8} {row.Status,-12} {age}");
        }
    }
}
