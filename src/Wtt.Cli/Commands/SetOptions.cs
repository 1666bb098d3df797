// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.CommandLine;
using Wtt.Cli.Common;
using Wtt.Cli.Configuration;

namespace Wtt.Cli.Commands;

/// <summary>How <c>signal</c>, <c>stop</c> and <c>wait</c> name a set: ids, <c>--tree ID</c> or <c>--group ID</c>, on <c>--machine</c>.</summary>
internal sealed class SetOptions
{
    /// <summary>Gets <c>--machine</c>.</summary>
    public Option<string?> Machine { get; } = GlobalOptions.Machine();

    /// <summary>Gets <c>--tree</c>.</summary>
    public Option<string?> Tree { get; } = new("--tree") { Description = "This process (a UUID) and all its descendants." };

    /// <summary>Gets <c>--group</c>.</summary>
    public Option<string?> Group { get; } = new("--group") { Description = "Every member of this group (a UUID)." };

    /// <summary>Gets the ids.</summary>
    public Argument<string[]> Ids { get; } = new("ids") { Description = "The processes' UUIDs.", Arity = ArgumentArity.ZeroOrMore };

    /// <summary>Adds the options to a command.</summary>
    /// <param name="command">The command.</param>
    /// <returns>The command.</returns>
    public Command AddTo(Command command)
    {
        command.Options.Add(Machine);
        command.Options.Add(Tree);
        command.Options.Add(Group);
        command.Arguments.Add(Ids);
        return command;
    }

    /// <summary>Reads the set, opening each id so an unknown one fails at once.</summary>
    /// <param name="context">The command's context.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <returns>The set.</returns>
    /// <exception cref="CliException">No set, or more than one way of naming it.</exception>
    public async ValueTask<ProcessSet> ReadAsync(CliContext context, CancellationToken cancellationToken)
    {
        var p = context.Parse;
        var machine = p.GetValue(Machine);
        var ids = p.GetValue(Ids) ?? [];
        var tree = p.GetValue(Tree);
        var group = p.GetValue(Group);
        if ((ids.Length > 0 ? 1 : 0) + (tree is null ? 0 : 1) + (group is null ? 0 : 1) != 1)
        {
            throw new CliException("name the processes one way: their ids, --tree ID, or --group ID.");
        }

        if (group is not null)
        {
            return ProcessSet.Group(CommandActions.ParseId(group), machine);
        }

        if (tree is not null)
        {
            return ProcessSet.Tree(await context.Client.OpenProcessAsync(CommandActions.ParseId(tree), machine, cancellationToken).ConfigureAwait(false));
        }

        var handles = new List<WttProcessHandle>(ids.Length);
        foreach (var id in ids)
        {
            handles.Add(await context.Client.OpenProcessAsync(CommandActions.ParseId(id), machine, cancellationToken).ConfigureAwait(false));
        }

        return ProcessSet.Of(handles);
    }
}
