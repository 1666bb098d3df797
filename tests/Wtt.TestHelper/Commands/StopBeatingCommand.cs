// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary>Registers a thread that never beats, so the process's heartbeat stops after 200 ms.</summary>
internal sealed class StopBeatingCommand : IHelperCommand
{
    public string Name => "stop-beating";

    public string Arguments => string.Empty;

    public string Description => "Register a thread 'stuck' with a 200 ms timeout that never beats: the row's heartbeat stops and the process needs assistance (needs attach).";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.RequireWtt(Name).RegisterThread("stuck", TimeSpan.FromMilliseconds(200));
        return null;
    }
}
