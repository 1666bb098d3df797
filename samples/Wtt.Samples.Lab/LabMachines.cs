// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Hosting;
using Wtt.Core;

namespace Wtt.Samples.Lab;

/// <summary>
/// The lab: this machine ("lab", the test script's) and two more. With no options the two are agents
/// started in this process (tcp on loopback, a secret made for the run, a table folder each); otherwise
/// the agents named on the command line.
/// </summary>
internal sealed class LabMachines(InProcessLab lab) : IAsyncDisposable
{
    public LocalWttMachine Script => lab.Script;

    public IReadOnlyList<string> Remote => [.. lab.Addresses.Keys];

    public string Root => lab.Root;

    public static async Task<LabMachines> StartAsync(LabArguments args)
    {
        var options = new InProcessLabOptions { ScriptMachine = "lab", Capacity = 64, SharedSecret = args.Secret };
        if (args.Agents.Count == 0)
        {
            options.Machines.Add("lab-a");
            options.Machines.Add("lab-b");
        }

        foreach (var (name, address) in args.Agents)
        {
            options.RemoteAgents[name] = address;
        }

        var lab = await InProcessLab.StartAsync(options);
        foreach (var (name, machine) in lab.Machines)
        {
            Console.WriteLine($"agent {name} listening on {lab.Addresses[name]} (table {machine.Options.TableFolder})");
        }

        return new LabMachines(lab);
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();
}
