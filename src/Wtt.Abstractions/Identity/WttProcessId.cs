// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Wtt;

/// <summary>
/// The identity of a process created through Wtt: a UUID that is unique across machines.
/// </summary>
/// <remarks>
/// <see cref="Nil"/> means "assign one" where an id is asked for, and "none" where one is reported
/// (a process without a parent or a group). The value is immutable and thread-safe.
/// </remarks>
/// <param name="Value">The UUID.</param>
[JsonConverter(typeof(WttProcessIdJsonConverter))]
public readonly record struct WttProcessId(Guid Value) : IParsable<WttProcessId>, ISpanFormattable, IComparable<WttProcessId>
{
    /// <summary>Gets the nil id: "assign one" in a request, "none" in a report.</summary>
    public static WttProcessId Nil => default;

    /// <summary>Gets a value indicating whether this is the nil id.</summary>
    public bool IsNil => Value == Guid.Empty;

    /// <summary>Creates a new random id.</summary>
    /// <returns>A new id, never <see cref="Nil"/>.</returns>
    public static WttProcessId New() => new(Guid.NewGuid());

    /// <summary>Parses an id from its UUID text (any format <see cref="Guid.Parse(string)"/> accepts).</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored.</param>
    /// <returns>The id.</returns>
    /// <exception cref="FormatException"><paramref name="s"/> is not a UUID.</exception>
    public static WttProcessId Parse(string s, IFormatProvider? provider = null) => new(Guid.Parse(s));

    /// <summary>Tries to parse an id from its UUID text.</summary>
    /// <param name="s">The text.</param>
    /// <param name="provider">Ignored.</param>
    /// <param name="result">The id, or <see cref="Nil"/> when the text is not a UUID.</param>
    /// <returns><see langword="true"/> when <paramref name="s"/> is a UUID.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out WttProcessId result)
    {
        var ok = Guid.TryParse(s, out var guid);
        result = new(guid);
        return ok;
    }

    /// <inheritdoc/>
    public int CompareTo(WttProcessId other) => Value.CompareTo(other.Value);

    /// <summary>Returns the UUID in its "D" form (<c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Value.ToString("D");

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format ?? "D", formatProvider);

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
        => Value.TryFormat(destination, out charsWritten, format.IsEmpty ? "D" : format);
}
