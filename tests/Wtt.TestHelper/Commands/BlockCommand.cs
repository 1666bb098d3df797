// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary>Blocks until killed, or until Shutdown unless shutdown is ignored.</summary>
internal sealed class BlockCommand : IHelperCommand
{
    public string Name => "block";

    public string Arguments => string.Empty;

    public string Description => "Block forever: SIGTERM ends the process (exit 143) and, when attached, Shutdown ends the block (exit 0 at the end of the list); after ignore-shutdown only a kill ends it.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.EnsureReady();
        if (context.Wtt is { } wtt && !context.IgnoreShutdown)
        {
            wtt.ShutdownToken.WaitHandle.WaitOne();
            return null;
        }

        Thread.Sleep(Timeout.Infinite);
        return null;
    }
}
