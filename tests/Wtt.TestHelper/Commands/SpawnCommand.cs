// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt.TestHelper.Spawning;

namespace Wtt.TestHelper.Commands;

/// <summary>
/// <c>spawn &lt;k&gt; [--orphan] [--no-wait] &lt;args...&gt;</c>: starts <c>k</c> children of the helper
/// with the remaining arguments.
/// </summary>
internal sealed class SpawnCommand : IHelperCommand
{
    public string Name => "spawn";

    public string Arguments => "<k> [--orphan] [--no-wait] <args...>";

    public string Description
        => "Start <k> children of the helper running <args...> (the rest of the line) and print 'CHILD <pid>' for each; "
        + "wait until each child printed READY (or died). With --orphan each child starts the helper with <args...> as a "
        + "grandchild, prints 'ORPHAN <pid>' and exits, so the grandchild outlives its parent. After the list the process "
        + "waits until the children's output ends (every child and orphan exited); --no-wait skips that wait (output the children write after this process ends is lost).";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        var count = args.TakeCount("the number of children");
        var orphan = false;
        var wait = true;
        while (true)
        {
            if (args.TakeFlag("--orphan"))
            {
                orphan = true;
            }
            else if (args.TakeFlag("--no-wait"))
            {
                wait = false;
            }
            else
            {
                break;
            }
        }

        var childArgs = args.TakeRest();
        IEnumerable<string> launchArgs = orphan ? [OrphanLaunchCommand.CommandName, .. childArgs] : childArgs;
        var relays = new List<ChildRelay>();
        for (var i = 0; i < count; i++)
        {
            using var child = SelfLauncher.Start(launchArgs, redirectOutput: true);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CHILD {child.Id}"));
            relays.Add(new ChildRelay(child, context.Out));
        }

        foreach (var relay in relays)
        {
            relay.WaitForReady();
            if (wait)
            {
                context.Keep(relay);
            }
        }

        return null;
    }
}
