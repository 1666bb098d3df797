// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.TestHelper.Commands;

/// <summary><c>ignore-sigterm</c>: cancels SIGTERM, so only a kill ends the process.</summary>
internal sealed class IgnoreSigtermCommand : IHelperCommand
{
    /// <summary>The line printed each time SIGTERM arrives and is ignored.</summary>
    public const string IgnoredLine = "SIGTERM ignored";

    public string Name => "ignore-sigterm";

    public string Arguments => string.Empty;

    public string Description => "Cancel SIGTERM (PosixSignalRegistration) and print 'SIGTERM ignored' each time it arrives.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.Keep(PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            context.Out.WriteLine(IgnoredLine);
        }));
        return null;
    }
}
