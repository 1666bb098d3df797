// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt.Core;

namespace Wtt.TestHelper.Commands;

/// <summary>
/// <c>wtt-launch &lt;table-folder&gt; &lt;args...&gt;</c>: opens the Wtt machine of a table folder, creates the helper with
/// <c>&lt;args...&gt;</c> through it, prints <c>CREATED &lt;id&gt; &lt;pid&gt;</c>, and then blocks, so a test can kill the launcher of a
/// process that Wtt created.
/// </summary>
internal sealed class WttLaunchCommand : IHelperCommand
{
    public string Name => "wtt-launch";

    public string Arguments => "<table-folder> <args...>";

    public string Description => "Create the helper with <args...> through the Wtt machine of <table-folder>, print 'CREATED <id> <pid>', then block.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        var folder = args.Take("the table folder");
        var rest = args.TakeRest();
        var machine = LocalWttMachine.Open(new LocalWttMachineOptions { TableFolder = folder, Capacity = 64 });
        var spec = new ProcessStartSpec(Environment.ProcessPath!) { Arguments = [.. rest] };
        var handle = machine.Client.CreateProcessAsync(spec).AsTask().GetAwaiter().GetResult();
        var pid = machine.Table.TryGet(handle.Id, out var row) ? row.Pid : 0;
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CREATED {handle.Id} {pid}"));
        context.Out.Flush();
        context.EnsureReady();
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
