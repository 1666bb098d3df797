// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary>Leaves out the READY line, for tests that compare the whole output.</summary>
internal sealed class NoReadyCommand : IHelperCommand
{
    public string Name => "no-ready";

    public string Arguments => string.Empty;

    public string Description => "Do not print the READY line (for tests that read the whole output, or synchronise through Wtt instead).";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.SuppressReady();
        return null;
    }
}
