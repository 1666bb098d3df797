// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.TestHelper.Commands;

/// <summary>Blocks until Shutdown (or SIGTERM) arrives, then goes on with the next command.</summary>
internal sealed class WaitShutdownCommand : IHelperCommand
{
    public string Name => "wait-shutdown";

    public string Arguments => string.Empty;

    public string Description => "Block until the Wtt Shutdown event (when attached) or SIGTERM arrives, then run the next command.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.EnsureReady();
        using var arrived = new ManualResetEventSlim();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            arrived.Set();
        });
        using var shutdown = context.Wtt?.ShutdownToken.Register(arrived.Set);
        arrived.Wait();
        return null;
    }
}
