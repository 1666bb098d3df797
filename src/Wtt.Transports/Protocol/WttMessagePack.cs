// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Buffers;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;
using StreamJsonRpc;

namespace Wtt.Transports.Protocol;

/// <summary>
/// The MessagePack form of the wire (handshake feature <c>msgpack</c>): StreamJsonRpc's <see cref="MessagePackFormatter"/>
/// with the same messages as the JSON form, objects as maps keyed by their property names, UUIDs (process ids, call ids)
/// as 16 bytes.
/// </summary>
/// <remarks>
/// docs/protocol.md, "MessagePack encoding", describes the form. The options treat every peer's data as untrusted
/// (MessagePack's hash-collision-resistant dictionaries and depth limit), on both sides.
/// </remarks>
internal static class WttMessagePack
{
    /// <summary>The size of a UUID in its binary form.</summary>
    private const int UuidBytes = 16;

    /// <summary>Gets the serializer options of request arguments, results and error data.</summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(WireResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Creates the JSON-RPC formatter of a connection that agreed on MessagePack.</summary>
    /// <returns>The formatter.</returns>
    public static MessagePackFormatter CreateFormatter()
    {
        var formatter = new MessagePackFormatter();
        formatter.SetMessagePackSerializerOptions(Options);
        return formatter;
    }

    /// <summary>Writes a UUID as MessagePack <c>bin</c> of 16 bytes, in RFC 4122 (big-endian) order, as the output records carry a process id.</summary>
    private static void WriteUuid(ref MessagePackWriter writer, Guid value)
    {
        writer.WriteBinHeader(UuidBytes);
        _ = value.TryWriteBytes(writer.GetSpan(UuidBytes), bigEndian: true, out _);
        writer.Advance(UuidBytes);
    }

    /// <summary>Reads a UUID written by <see cref="WriteUuid"/>, or as a 36-character string (the form of the JSON text, which peers written by hand may send).</summary>
    private static Guid ReadUuid(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.NextMessagePackType != MessagePackType.Binary)
        {
            return GuidFormatter.Instance.Deserialize(ref reader, options);
        }

        var bytes = reader.ReadBytes().GetValueOrDefault();
        if (bytes.Length != UuidBytes)
        {
            throw new MessagePackSerializationException($"A UUID is {UuidBytes} bytes of bin or a 36-character string; this one is {bytes.Length} bytes of bin.");
        }

        if (bytes.IsSingleSegment)
        {
            return new Guid(bytes.FirstSpan, bigEndian: true);
        }

        Span<byte> copy = stackalloc byte[UuidBytes];
        bytes.CopyTo(copy);
        return new Guid(copy, bigEndian: true);
    }

    /// <summary>
    /// The wire's formatters for UUIDs, then MessagePack's contractless ones for the contract's records (the public ones of
    /// Wtt.Abstractions and the internal Wire* ones of this assembly), each looked up once per type.
    /// </summary>
    /// <remarks>
    /// A static generic cache, as MessagePack's own resolvers have; <c>CompositeResolver</c> looked each type up in a table
    /// at every value, which StreamJsonRpc's resolver in front of this one already does.
    /// </remarks>
    private sealed class WireResolver : IFormatterResolver
    {
        public static readonly WireResolver Instance = new();

        public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

        private static class Cache<T>
        {
            public static readonly IMessagePackFormatter<T>? Formatter = (IMessagePackFormatter<T>?)(
                typeof(T) == typeof(Guid) ? (object)UuidFormatter.Instance
                : typeof(T) == typeof(Guid?) ? NullableUuidFormatter.Instance
                : typeof(T) == typeof(WttProcessId) ? WttProcessIdFormatter.Instance
                : ContractlessStandardResolverAllowPrivate.Instance.GetFormatter<T>());
        }
    }

    private sealed class UuidFormatter : IMessagePackFormatter<Guid>
    {
        public static readonly UuidFormatter Instance = new();

        public void Serialize(ref MessagePackWriter writer, Guid value, MessagePackSerializerOptions options) => WriteUuid(ref writer, value);

        public Guid Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => ReadUuid(ref reader, options);
    }

    private sealed class NullableUuidFormatter : IMessagePackFormatter<Guid?>
    {
        public static readonly NullableUuidFormatter Instance = new();

        public void Serialize(ref MessagePackWriter writer, Guid? value, MessagePackSerializerOptions options)
        {
            if (value is { } uuid)
            {
                WriteUuid(ref writer, uuid);
            }
            else
            {
                writer.WriteNil();
            }
        }

        public Guid? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
            => reader.TryReadNil() ? null : ReadUuid(ref reader, options);
    }

    private sealed class WttProcessIdFormatter : IMessagePackFormatter<WttProcessId>
    {
        public static readonly WttProcessIdFormatter Instance = new();

        public void Serialize(ref MessagePackWriter writer, WttProcessId value, MessagePackSerializerOptions options) => WriteUuid(ref writer, value.Value);

        public WttProcessId Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => new(ReadUuid(ref reader, options));
    }
}
