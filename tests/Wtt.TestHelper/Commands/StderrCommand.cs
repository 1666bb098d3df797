// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary><c>stderr &lt;text&gt;</c>: one line on standard error.</summary>
internal sealed class StderrCommand : IHelperCommand
{
    public string Name => "stderr";

    public string Arguments => "<text>";

    public string Description => "Write <text> as one line to standard error.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.Error.WriteLine(args.Take("the text"));
        return null;
    }
}
