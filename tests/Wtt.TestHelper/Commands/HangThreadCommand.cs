// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary><c>hang-thread</c>: starts a named foreground thread that blocks forever.</summary>
internal sealed class HangThreadCommand : IHelperCommand
{
    /// <summary>The name of the hung thread.</summary>
    public const string ThreadName = "wtt-hung";

    public string Name => "hang-thread";

    public string Arguments => string.Empty;

    public string Description => "Start a foreground thread 'wtt-hung' that blocks forever on an event; the process then only ends by 'exit', a signal or a kill.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        var never = new ManualResetEventSlim(false);
        var thread = new Thread(() => never.Wait())
        {
            Name = ThreadName,
            IsBackground = false,
        };
        thread.Start();
        return null;
    }
}
