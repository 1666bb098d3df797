// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary>Attaches the helper to Wtt as a Wtt-based process: identity from the environment, heartbeats start.</summary>
internal sealed class AttachCommand : IHelperCommand
{
    public string Name => "attach";

    public string Arguments => string.Empty;

    public string Description => "Attach to Wtt (identity from WTT_* variables, or register by hand); heartbeats every 200 ms. Needed by init, stop-beating, event-echo, and by log to register the file.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.AttachWtt();
        return null;
    }
}
