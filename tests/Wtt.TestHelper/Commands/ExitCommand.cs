// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary><c>exit &lt;code&gt;</c>: ends the process at once.</summary>
internal sealed class ExitCommand : IHelperCommand
{
    public string Name => "exit";

    public string Arguments => "<code>";

    public string Description => "Exit with <code> now; later commands do not run, hung threads do not keep the process.";

    public int? Run(HelperContext context, ArgumentReader args) => args.TakeInt32("the exit code");
}
