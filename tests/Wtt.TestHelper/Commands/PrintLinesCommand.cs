// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;

namespace Wtt.TestHelper.Commands;

/// <summary><c>print-lines &lt;n&gt;</c>: numbered lines on standard output.</summary>
internal sealed class PrintLinesCommand : IHelperCommand
{
    public string Name => "print-lines";

    public string Arguments => "<n>";

    public string Description => "Write the lines 'line 1' to 'line <n>' to standard output.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        var count = args.TakeCount("the number of lines");
        for (var i = 1; i <= count; i++)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {i}"));
        }

        return null;
    }
}
