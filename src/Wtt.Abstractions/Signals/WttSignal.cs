// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;

namespace Wtt;

/// <summary>A global event sent to a process: a name and a small payload.</summary>
/// <remarks>
/// <see cref="Shutdown"/> asks a process to clean up, report and exit (its default action cancels the
/// process's shutdown token); <see cref="Terminate"/> is the forced end. Users define more events with
/// their own names. Immutable and thread-safe.
/// </remarks>
public sealed class WttSignal : IEquatable<WttSignal>
{
    /// <summary>The largest payload, in bytes.</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>The longest name, in characters.</summary>
    public const int MaxNameLength = 64;

    private readonly byte[] payload;

    private WttSignal(string name, byte[] payload)
    {
        Name = name;
        this.payload = payload;
    }

    /// <summary>Gets the well-known event that asks a process to clean up, report its status and exit.</summary>
    public static WttSignal Shutdown { get; } = new("Shutdown", []);

    /// <summary>Gets the well-known event that ends a process at once.</summary>
    public static WttSignal Terminate { get; } = new("Terminate", []);

    /// <summary>Gets the event's name.</summary>
    public string Name { get; }

    /// <summary>Gets the payload (at most <see cref="MaxPayloadBytes"/> bytes).</summary>
    public ReadOnlyMemory<byte> Payload => payload;

    /// <summary>Gets a value indicating whether this is <see cref="Shutdown"/>.</summary>
    public bool IsShutdown => Name == Shutdown.Name;

    /// <summary>Gets a value indicating whether this is <see cref="Terminate"/>.</summary>
    public bool IsTerminate => Name == Terminate.Name;

    /// <summary>Creates a user-defined event.</summary>
    /// <param name="name">1 to 64 ASCII letters, digits, '.', '-' or '_'; not a well-known name.</param>
    /// <param name="payload">Up to 4 KiB; copied.</param>
    /// <returns>The event.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a bad name or too large a payload.</exception>
    public static WttSignal Create(string name, ReadOnlySpan<byte> payload = default)
    {
        ValidateName(name);
        if (payload.Length > MaxPayloadBytes)
        {
            throw WttException.InvalidArgument($"The payload of event '{name}' is {payload.Length} bytes; the limit is {MaxPayloadBytes}. Put bulky data in a file and send its path.");
        }

        return name == Shutdown.Name && payload.IsEmpty ? Shutdown
            : name == Terminate.Name && payload.IsEmpty ? Terminate
            : new(name, payload.ToArray());
    }

    /// <summary>Creates a user-defined event with a UTF-8 text payload.</summary>
    /// <param name="name">The event's name.</param>
    /// <param name="text">The payload text.</param>
    /// <returns>The event.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a bad name or too large a payload.</exception>
    public static WttSignal Create(string name, string text) => Create(name, Encoding.UTF8.GetBytes(text ?? string.Empty));

    /// <summary>Reads the payload as UTF-8 text.</summary>
    /// <returns>The text.</returns>
    public string PayloadText() => Encoding.UTF8.GetString(payload);

    /// <inheritdoc/>
    public bool Equals(WttSignal? other)
        => other is not null && other.Name == Name && other.payload.AsSpan().SequenceEqual(payload);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as WttSignal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, payload.Length);

    /// <summary>Returns the name and the payload's size.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => payload.Length == 0 ? Name : $"{Name} ({payload.Length} bytes)";

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw WttException.InvalidArgument($"Event name '{name}' is not valid; use 1 to {MaxNameLength} ASCII letters, digits, '.', '-' or '_'.");
        }
    }
}
