// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary><c>print &lt;text&gt;</c>: one line on standard output.</summary>
internal sealed class PrintCommand : IHelperCommand
{
    public string Name => "print";

    public string Arguments => "<text>";

    public string Description => "Write <text> as one line to standard output.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.Out.WriteLine(args.Take("the text"));
        return null;
    }
}
