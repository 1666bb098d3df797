// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>The processes a signal, terminate, wait or list acts on: explicit handles, a tree, or a group.</summary>
/// <remarks>Immutable and thread-safe. Members of a tree or group that run on other machines are included.</remarks>
public sealed record ProcessSet
{
    private ProcessSet(ProcessSetKind kind, IReadOnlyList<WttProcessHandle> handles, WttProcessId groupId, string? machine)
    {
        Kind = kind;
        Handles = handles;
        GroupId = groupId;
        Machine = machine;
    }

    /// <summary>Gets how the set names its members.</summary>
    public ProcessSetKind Kind { get; }

    /// <summary>Gets the explicit handles (for <see cref="ProcessSetKind.Handles"/>) or the tree's root (for <see cref="ProcessSetKind.Tree"/>).</summary>
    public IReadOnlyList<WttProcessHandle> Handles { get; }

    /// <summary>Gets the group (for <see cref="ProcessSetKind.Group"/>).</summary>
    public WttProcessId GroupId { get; }

    /// <summary>Gets the machine whose table names the group (for <see cref="ProcessSetKind.Group"/>); <see langword="null"/> for this machine.</summary>
    public string? Machine { get; }

    /// <summary>Creates a set of explicit handles, in the order results report them.</summary>
    /// <param name="handles">The handles; at least one.</param>
    /// <returns>The set.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: no handle, or a null one.</exception>
    public static ProcessSet Of(params IEnumerable<WttProcessHandle> handles)
    {
        var list = handles?.ToArray() ?? [];
        if (list.Length == 0)
        {
            throw WttException.InvalidArgument("A process set needs at least one handle; an empty set has nothing to wait for or signal.");
        }

        if (Array.IndexOf(list, null) >= 0)
        {
            throw WttException.InvalidArgument("A process set holds a null handle; pass the handles returned by CreateProcessAsync or OpenProcessAsync.");
        }

        return new(ProcessSetKind.Handles, list, default, null);
    }

    /// <summary>Creates the set of <paramref name="root"/> and all its descendants.</summary>
    /// <param name="root">The tree's root.</param>
    /// <returns>The set.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: <paramref name="root"/> is null.</exception>
    public static ProcessSet Tree(WttProcessHandle root)
        => root is null
            ? throw WttException.InvalidArgument("A tree needs a root handle.")
            : new(ProcessSetKind.Tree, [root], default, root.Machine);

    /// <summary>Creates the set of every member of a group.</summary>
    /// <param name="groupId">The group; not nil.</param>
    /// <param name="machine">The machine whose table lists the group (the members' creator); <see langword="null"/> for this machine.</param>
    /// <returns>The set.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: <paramref name="groupId"/> is nil.</exception>
    public static ProcessSet Group(WttProcessId groupId, string? machine = null)
        => groupId.IsNil
            ? throw WttException.InvalidArgument("A group set needs a group id; the nil id names no group.")
            : new(ProcessSetKind.Group, [], groupId, string.IsNullOrEmpty(machine) ? null : machine);

    /// <summary>Describes the set.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        ProcessSetKind.Tree => $"tree of {Handles[0]}",
        ProcessSetKind.Group => $"group {GroupId}",
        _ => $"{Handles.Count} process(es)",
    };
}
