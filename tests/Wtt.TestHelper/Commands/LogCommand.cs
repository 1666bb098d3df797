// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;

namespace Wtt.TestHelper.Commands;

/// <summary><c>log &lt;path&gt; &lt;n&gt;</c>: appends numbered lines to a log file, flushing each.</summary>
internal sealed class LogCommand : IHelperCommand
{
    public string Name => "log";

    public string Arguments => "<path> <n>";

    public string Description => "Append 'line 1' to 'line <n>' to the file <path> (created if missing), flushing each line; when attached, register it as a log.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        var path = args.Take("the log path");
        var count = args.TakeCount("the number of lines");
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        using var writer = new StreamWriter(stream);
        for (var i = 1; i <= count; i++)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {i}"));
            writer.Flush();
        }

        context.Wtt?.RegisterLogFileAsync(path).AsTask().GetAwaiter().GetResult();
        return null;
    }
}
