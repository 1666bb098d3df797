// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>
/// Passes a stream through, remembering the first byte the peer sent, and can peek at it before anyone reads.
/// Tells a TLS record (0x16) from a plain Wtt handshake line (<c>{</c>) on either side of a mismatched connection.
/// </summary>
internal sealed class FirstByteStream(Stream inner) : Stream
{
    /// <summary>The first byte of a TLS handshake record.</summary>
    public const int TlsHandshake = 0x16;

    /// <summary>The first byte of a plain Wtt handshake line.</summary>
    public const int PlainLine = '{';

    private int replay = -1;

    /// <summary>Gets the first byte received, or -1 before any.</summary>
    public int FirstByte { get; private set; } = -1;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Reads the first byte and keeps it for the next read.</summary>
    /// <returns>The byte, or -1 when the peer closed.</returns>
    public async ValueTask<int> PeekAsync(CancellationToken cancellationToken)
    {
        var one = new byte[1];
        if (await inner.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
        {
            return -1;
        }

        FirstByte = replay = one[0];
        return replay;
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (replay >= 0 && !buffer.IsEmpty)
        {
            buffer.Span[0] = (byte)replay;
            replay = -1;
            return 1;
        }

        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (FirstByte < 0 && read > 0)
        {
            FirstByte = buffer.Span[0];
        }

        return read;
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (replay >= 0 && !buffer.IsEmpty)
        {
            buffer[0] = (byte)replay;
            replay = -1;
            return 1;
        }

        var read = inner.Read(buffer);
        if (FirstByte < 0 && read > 0)
        {
            FirstByte = buffer[0];
        }

        return read;
    }

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public override void Flush() => inner.Flush();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
