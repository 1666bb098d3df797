// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Protocol;

/// <summary>Converts the API's classes to their wire records and back.</summary>
internal static class WireMapping
{
    /// <summary>Makes the wire form of a handle; a handle on <paramref name="target"/> itself travels without a machine.</summary>
    public static WireHandle ToWire(WttProcessHandle handle, string target)
        => new(handle.Id, Strip(handle.Machine, target));

    /// <summary>Makes the wire form of a set.</summary>
    public static WireSet ToWire(ProcessSet set, string target)
        => new(set.Kind, [.. set.Handles.Select(h => ToWire(h, target))], set.GroupId, Strip(set.Machine, target));

    /// <summary>Makes the wire form of an event.</summary>
    public static WireSignal ToWire(WttSignal signal)
        => new(signal.Name, signal.Payload.IsEmpty ? null : signal.Payload.ToArray());

    /// <summary>Makes the wire form of list options.</summary>
    public static WireListOptions ToWire(ProcessListOptions options, string target) => new()
    {
        Machine = Strip(options.Machine, target),
        ResolveRemote = options.ResolveRemote,
        Filter = options.Filter is null ? null : ToWire(options.Filter, target),
        IncludeDetails = options.IncludeDetails,
    };

    /// <summary>Reads an event.</summary>
    public static WttSignal FromWire(WireSignal signal)
        => signal is null
            ? throw WttException.InvalidArgument("The signal request has no signal; send {\"name\": \"Shutdown\"} or a user event.")
            : WttSignal.Create(signal.Name, signal.Payload ?? []);

    /// <summary>Reads list options.</summary>
    public static ProcessListOptions FromWire(WireListOptions? options, Func<WireHandle, WttProcessHandle> resolve) => options is null
        ? ProcessListOptions.All
        : new ProcessListOptions
        {
            Machine = options.Machine,
            ResolveRemote = options.ResolveRemote,
            Filter = options.Filter is null ? null : FromWire(options.Filter, resolve),
            IncludeDetails = options.IncludeDetails,
        };

    /// <summary>Reads a set.</summary>
    public static ProcessSet FromWire(WireSet set, Func<WireHandle, WttProcessHandle> resolve)
    {
        if (set is null)
        {
            throw WttException.InvalidArgument("The request has no process set; send {\"kind\": \"Handles\", \"handles\": [...]}.");
        }

        var handles = set.Handles ?? [];
        return set.Kind switch
        {
            ProcessSetKind.Tree when handles.Count == 1 => ProcessSet.Tree(resolve(handles[0])),
            ProcessSetKind.Tree => throw WttException.InvalidArgument("A tree set names exactly one handle, its root."),
            ProcessSetKind.Group => ProcessSet.Group(set.GroupId, set.Machine),
            _ => ProcessSet.Of(handles.Select(resolve)),
        };
    }

    /// <summary>Returns <see langword="null"/> where <paramref name="machine"/> names <paramref name="target"/>.</summary>
    public static string? Strip(string? machine, string target)
        => string.IsNullOrEmpty(machine) || string.Equals(machine, target, StringComparison.OrdinalIgnoreCase) ? null : machine;
}
