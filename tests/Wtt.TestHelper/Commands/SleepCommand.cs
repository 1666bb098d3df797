// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary><c>sleep &lt;ms&gt;</c>: blocks the main thread.</summary>
internal sealed class SleepCommand : IHelperCommand
{
    public string Name => "sleep";

    public string Arguments => "<ms>";

    public string Description => "Sleep <ms> milliseconds (-1 sleeps forever). Blocking.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        var milliseconds = args.TakeInt32("the milliseconds");
        if (milliseconds < -1)
        {
            throw new UsageException($"sleep {milliseconds}: give zero or more milliseconds, or -1 for ever.");
        }

        context.EnsureReady();
        Thread.Sleep(milliseconds);
        return null;
    }
}
