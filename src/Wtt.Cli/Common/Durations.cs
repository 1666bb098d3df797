// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;

namespace Wtt.Cli.Common;

/// <summary>Reads durations written as <c>500ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c> (or a bare number of seconds), and <c>inf</c>.</summary>
internal static class Durations
{
    /// <summary>Parses a duration.</summary>
    /// <param name="text">The text.</param>
    /// <param name="option">The option's name, for the message.</param>
    /// <returns>The duration; <see cref="Timeout.InfiniteTimeSpan"/> for <c>inf</c>.</returns>
    /// <exception cref="CliException">The text is not a duration.</exception>
    public static TimeSpan Parse(string text, string option)
    {
        var t = text.Trim();
        if (t is "inf" or "infinite" or "forever")
        {
            return Timeout.InfiniteTimeSpan;
        }

        (string number, double scale) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 0.001),
            _ when t.EndsWith('s') => (t[..^1], 1.0),
            _ when t.EndsWith('m') => (t[..^1], 60.0),
            _ when t.EndsWith('h') => (t[..^1], 3600.0),
            _ => (t, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value))
        {
            throw new CliException($"{option} '{text}' is not a duration; write it like 500ms, 5s, 2m or 1h (or inf).");
        }

        return TimeSpan.FromSeconds(value * scale);
    }

    /// <summary>Formats a duration shortly: <c>850ms</c>, <c>12s</c>, <c>3m</c>, <c>5h</c>, <c>2d</c>.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan value) => value switch
    {
        { TotalSeconds: < 1 } => $"{(int)value.TotalMilliseconds}ms",
        { TotalMinutes: < 1 } => $"{(int)value.TotalSeconds}s",
        { TotalHours: < 1 } => $"{(int)value.TotalMinutes}m",
        { TotalDays: < 1 } => $"{(int)value.TotalHours}h",
        _ => $"{(int)value.TotalDays}d",
    };
}
