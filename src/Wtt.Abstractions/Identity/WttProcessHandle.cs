// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>
/// A caller's handle on a Wtt process, local or remote: its id, the machine it runs on, and the
/// lifetime of what the caller opened on it (tails, output readers).
/// </summary>
/// <remarks>
/// Two handles are equal when they name the same process on the same machine. Disposing a handle
/// ends every tail and output reader opened through it and releases what the client keeps for it;
/// the process itself keeps running. A handle made with the public constructor has no owner and can
/// name any process; it is how a caller refers to a process it learned about from a list.
/// This type is thread-safe.
/// </remarks>
public sealed class WttProcessHandle : IAsyncDisposable, IEquatable<WttProcessHandle>
{
    private readonly Func<WttProcessHandle, ValueTask>? onClose;

    /// <summary>Made on the first read of <see cref="Closed"/>: most handles never open a tail, and a remote call returns one per call.</summary>
    private CancellationTokenSource? closed;
    private int disposed;

    /// <summary>Initializes a handle on the process <paramref name="id"/> on <paramref name="machine"/>.</summary>
    /// <param name="id">The process id; must not be nil.</param>
    /// <param name="machine">The machine the process runs on; <see langword="null"/> for this machine.</param>
    /// <param name="onClose">Called once when the handle is disposed, by the client that issued it.</param>
    /// <exception cref="WttException"><paramref name="id"/> is nil (<see cref="WttErrorCode.InvalidArgument"/>).</exception>
    public WttProcessHandle(WttProcessId id, string? machine = null, Func<WttProcessHandle, ValueTask>? onClose = null)
    {
        if (id.IsNil)
        {
            throw new WttException(WttErrorCode.InvalidArgument, "A handle needs a process id; the nil id names no process.");
        }

        Id = id;
        Machine = string.IsNullOrEmpty(machine) ? null : machine;
        this.onClose = onClose;
    }

    /// <summary>Gets the process id.</summary>
    public WttProcessId Id { get; }

    /// <summary>Gets the machine the process runs on, or <see langword="null"/> for this machine.</summary>
    public string? Machine { get; }

    /// <summary>Gets a token that is cancelled when the handle is disposed.</summary>
    public CancellationToken Closed
    {
        get
        {
            var source = Volatile.Read(ref closed);
            if (source is null)
            {
                var made = new CancellationTokenSource();
                source = Interlocked.CompareExchange(ref closed, made, null) ?? made;
                if (!ReferenceEquals(source, made))
                {
                    made.Dispose();
                }
            }

            // A dispose that ran before the source existed found nothing to cancel: the source is cancelled here instead.
            if (IsClosed)
            {
                source.Cancel();
            }

            return source.Token;
        }
    }

    /// <summary>Gets a value indicating whether the handle has been disposed.</summary>
    public bool IsClosed => Volatile.Read(ref disposed) != 0;

    /// <inheritdoc/>
    public bool Equals(WttProcessHandle? other)
        => other is not null && other.Id == Id && string.Equals(other.Machine, Machine, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as WttProcessHandle);

    /// <inheritdoc/>
    public override int GetHashCode() => Id.GetHashCode();

    /// <summary>Returns <c>id@machine</c>, or the id alone for this machine.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Machine is null ? Id.ToString() : $"{Id}@{Machine}";

    /// <summary>Ends the tails opened through this handle and releases it. Idempotent.</summary>
    /// <returns>A task that completes when the owner has released the handle.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        if (Volatile.Read(ref closed) is { } source)
        {
            await source.CancelAsync().ConfigureAwait(false);
        }
        if (onClose is not null)
        {
            await onClose(this).ConfigureAwait(false);
        }
    }
}
