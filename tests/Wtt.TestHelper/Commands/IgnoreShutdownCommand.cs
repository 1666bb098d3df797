// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.TestHelper.Commands;

/// <summary>Ignores Shutdown and SIGTERM from now on.</summary>
internal sealed class IgnoreShutdownCommand : IHelperCommand
{
    public string Name => "ignore-shutdown";

    public string Arguments => string.Empty;

    public string Description => "Ignore the Wtt Shutdown event and SIGTERM from now on: only a forced kill ends 'block'.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.IgnoreShutdown = true;
        context.Keep(PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => signal.Cancel = true));
        return null;
    }
}
