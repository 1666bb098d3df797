// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;
using System.Text.Json;
using Wtt.Transports.Protocol;

namespace Wtt.Transports.Handshake;

/// <summary>Reads and writes the handshake's newline-delimited JSON lines on the raw stream.</summary>
/// <remarks>The handshake is lock-step: a peer never sends before it has read the other's line, so no byte after a newline is read here.</remarks>
internal static class HandshakeLines
{
    /// <summary>The longest handshake line, in bytes.</summary>
    public const int MaxLineBytes = 8192;

    /// <summary>The first byte of a TLS handshake record, which no handshake line starts with.</summary>
    private const byte TlsRecord = 0x16;

    /// <summary>Writes one message as a line.</summary>
    public static async ValueTask WriteAsync(Stream stream, HandshakeMessage message, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, WttJson.Handshake);
        var line = new byte[bytes.Length + 1];
        bytes.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one line and parses it.</summary>
    /// <exception cref="WttException"><see cref="WttErrorCode.ProtocolError"/>: not JSON, too long, or more bytes than one line; <see cref="WttErrorCode.Closed"/>: the peer closed.</exception>
    public static async ValueTask<HandshakeMessage> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxLineBytes];
        var filled = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new WttException(WttErrorCode.Closed, "The peer closed the connection during the handshake.");
            }

            if (filled == 0 && buffer[0] == TlsRecord)
            {
                throw new WttException(WttErrorCode.ProtocolMismatch, "The caller started a TLS handshake, but this agent listens on plain tcp; connect with a tcp:// address, or listen on tcps:// with a certificate (Wtt:Agent:Tls).");
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', filled, read);
            filled += read;
            if (newline >= 0)
            {
                if (newline != filled - 1)
                {
                    throw new WttException(WttErrorCode.ProtocolError, "The peer sent more than one handshake line at once; send each line only after reading the answer to the previous one.");
                }

                return Parse(buffer.AsSpan(0, newline));
            }

            if (filled == buffer.Length)
            {
                throw new WttException(WttErrorCode.ProtocolError, $"A handshake line exceeded {MaxLineBytes} bytes.");
            }
        }
    }

    private static HandshakeMessage Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonSerializer.Deserialize<HandshakeMessage>(line, WttJson.Handshake)
                ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new WttException(WttErrorCode.ProtocolError, $"A handshake line is not the JSON expected ({ex.Message}): '{Encoding.UTF8.GetString(line[..Math.Min(line.Length, 200)])}'. Is the peer a Wtt agent?", ex);
        }
    }
}
