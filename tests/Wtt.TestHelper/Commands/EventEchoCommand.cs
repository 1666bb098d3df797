// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary>Prints the payload of each event of a name as it arrives.</summary>
internal sealed class EventEchoCommand : IHelperCommand
{
    public string Name => "event-echo";

    public string Arguments => "<name>";

    public string Description => "Handle the user event <name>: print its payload as a line each time it arrives (needs attach).";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        var name = args.Take("the event name");
        context.RequireWtt(Name).OnEvent(name, (signal, _) =>
        {
            context.Out.WriteLine(signal.PayloadText());
            return ValueTask.CompletedTask;
        });
        return null;
    }
}
