// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using Wtt.TestHelper.Spawning;

namespace Wtt.TestHelper.Commands;

/// <summary>
/// <c>orphan-launch &lt;args...&gt;</c>: the middle step of <c>spawn --orphan</c>; starts the helper with the
/// rest of the line, prints its pid, and exits so the new process is left without its parent.
/// </summary>
internal sealed class OrphanLaunchCommand : IHelperCommand
{
    /// <summary>The command's name, as <see cref="SpawnCommand"/> passes it.</summary>
    public const string CommandName = "orphan-launch";

    public string Name => CommandName;

    public string Arguments => "<args...>";

    public string Description => "Used by 'spawn --orphan': start the helper with <args...> (sharing this standard output), print 'ORPHAN <pid>' and exit 0 without READY.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.SuppressReady();
        using var grandchild = SelfLauncher.Start(args.TakeRest(), redirectOutput: false);
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ORPHAN {grandchild.Id}"));
        return 0;
    }
}
