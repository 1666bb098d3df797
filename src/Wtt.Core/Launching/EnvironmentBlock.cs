// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections;

namespace Wtt.Core;

/// <summary>The environment a started process gets: the creator's, then the spec's changes, then the Wtt variables.</summary>
internal static class EnvironmentBlock
{
    /// <summary>Builds the variables of the child.</summary>
    /// <returns>The variables by name (case-sensitive, as on Linux).</returns>
    public static Dictionary<string, string> Build(ProcessLaunchRequest request)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        foreach (var (name, value) in request.Spec.Environment)
        {
            if (value is null)
            {
                _ = variables.Remove(name);
            }
            else
            {
                variables[name] = value;
            }
        }

        foreach (var (name, value) in request.WttVariables)
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>Formats variables as <c>NAME=value</c> lines for <c>envp</c>.</summary>
    /// <returns>The lines.</returns>
    public static List<string> ToEnvp(Dictionary<string, string> variables)
    {
        var lines = new List<string>(variables.Count);
        foreach (var (name, value) in variables)
        {
            lines.Add(string.Concat(name, "=", value));
        }

        return lines;
    }
}
