// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary><c>wait-stdin</c>: blocks until standard input closes.</summary>
internal sealed class WaitStdinCommand : IHelperCommand
{
    public string Name => "wait-stdin";

    public string Arguments => string.Empty;

    public string Description => "Read standard input until it closes, discarding it. Blocking.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.EnsureReady();
        using var input = Console.OpenStandardInput();
        input.CopyTo(Stream.Null);
        return null;
    }
}
