// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>The environment a started process gets: the creator's, then the spec's changes, then the Wtt variables.</summary>
internal static class EnvironmentBlock
{
    /// <summary>
    /// Builds the variables of the child, each name once (names compared case-sensitively, as on Linux). The creator's
    /// are copied once, into the list returned: a start makes no dictionary of them and no <c>NAME=value</c> strings,
    /// which were 11 of the 20 KB a start allocated for an environment of 43 variables
    /// (tests/Wtt.Benchmarks/Lifecycle/README.md, twenty-fourth pass).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The variables, in no particular order.</returns>
    public static List<KeyValuePair<string, string>> Build(ProcessLaunchRequest request)
    {
        var inherited = Environment.GetEnvironmentVariables();
        var changes = request.Spec.Environment;
        var wtt = request.WttVariables;
        HashSet<string>? changed = null;
        if (changes.Count + wtt.Count > 0)
        {
            changed = new HashSet<string>(changes.Count + wtt.Count, StringComparer.Ordinal);
            changed.UnionWith(changes.Keys);
            changed.UnionWith(wtt.Keys);
        }

        var variables = new List<KeyValuePair<string, string>>(inherited.Count + (changed?.Count ?? 0));

        // Key and Value of the dictionary's own enumerator: a foreach would box each entry.
        var entry = inherited.GetEnumerator();
        while (entry.MoveNext())
        {
            var name = (string)entry.Key;
            if (changed is null || !changed.Contains(name))
            {
                variables.Add(new(name, (string?)entry.Value ?? string.Empty));
            }
        }

        foreach (var (name, value) in changes)
        {
            // A variable set to null is removed; one that Wtt sets too takes Wtt's value, below.
            if (value is not null && !SetsToo(wtt, name))
            {
                variables.Add(new(name, value));
            }
        }

        foreach (var (name, value) in wtt)
        {
            variables.Add(new(name, value));
        }

        return variables;
    }

    /// <summary>Tells whether Wtt's variables set <paramref name="name"/>, compared case-sensitively whatever their dictionary compares by.</summary>
    private static bool SetsToo(IReadOnlyDictionary<string, string> wtt, string name)
    {
        foreach (var key in wtt.Keys)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds a variable's value.</summary>
    /// <param name="variables">The variables, as <see cref="Build"/> returns them.</param>
    /// <param name="name">The name (case-sensitive).</param>
    /// <returns>The value, or <see langword="null"/> when the variable is not set.</returns>
    public static string? Find(List<KeyValuePair<string, string>> variables, string name)
    {
        foreach (var (key, value) in variables)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }
}
