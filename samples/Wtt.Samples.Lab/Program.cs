// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt;
using Wtt.InMemory;

// The protocol-test scenario, played on the in-memory doubles: a server, its peer and a monitor start,
// initialise, log, and are shut down as a group. Every "process" here is a fake driven by this program.
await using var lab = new InMemoryWtt(machineName: "lab");
var group = WttProcessId.New();
lab.Launcher.ProcessStarted += (_, process) => _ = Task.Run(async () =>
{
    await using var self = lab.Attach(process);
    var role = process.Request.Spec.FileName;
    process.WriteOutput($"{role}: starting\n");
    await self.ReportInitializedAsync();
    process.WriteOutput($"{role}: initialised, serving until shutdown\n");
    try
    {
        await Task.Delay(Timeout.Infinite, self.ShutdownToken);
    }
    catch (OperationCanceledException)
    {
        process.WriteOutput($"{role}: shutdown received, cleaning up\n");
    }

    process.Exit(0);
});

Console.WriteLine($"Group {group}");
var roles = new[] { "server", "peer", "monitor" };
var handles = new List<WttProcessHandle>();
foreach (var role in roles)
{
    handles.Add(await lab.Client.CreateProcessAsync(new ProcessStartSpec(role) { Kind = ProcessKind.WttBased, GroupId = group }));
    Console.WriteLine($"created {role,-8} {handles[^1].Id}");
}

var ready = await lab.Client.WaitAsync(ProcessSet.Of(handles), WaitOptions.AllInitialized with { Timeout = TimeSpan.FromSeconds(30) });
Console.WriteLine($"wait for initialisation: {ready.Outcome}");

Console.WriteLine($"{"MACHINE",-8} {"UUID",-36} {"STATUS",-12} HEARTBEAT AGE");
foreach (var row in await lab.Client.GetProcessListAsync())
{
    Console.WriteLine($"{lab.Client.MachineName,-8} {row.Id,-36} {row.Status,-12} {row.HeartbeatAge?.TotalMilliseconds:0} ms");
}

var stopped = await lab.Client.TerminateAsync(ProcessSet.Group(group), new TerminateOptions { GracePeriod = TimeSpan.FromSeconds(5) });
for (var i = 0; i < stopped.Entries.Count; i++)
{
    var entry = stopped.Entries[i];
    await foreach (var chunk in lab.Client.ReadOutputAsync(new WttProcessHandle(entry.Id)))
    {
        Console.Write($"  [{roles[i]}] {chunk.Text()}");
    }

    Console.WriteLine($"{roles[i],-8} ended: {entry.Outcome}, exit code {entry.ExitCode}");
}
