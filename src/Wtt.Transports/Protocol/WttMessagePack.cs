// Copyright (c) Wtt developers. Licensed under the MIT license.

using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;
using StreamJsonRpc;

namespace Wtt.Transports.Protocol;

/// <summary>
/// The MessagePack form of the wire (handshake feature <c>msgpack</c>): StreamJsonRpc's <see cref="MessagePackFormatter"/>
/// with the same messages as the JSON form, objects as maps keyed by their property names, process ids as UUID strings.
/// </summary>
/// <remarks>
/// docs/protocol.md, "MessagePack encoding", describes the form for other languages. The options treat every peer's data as
/// untrusted (MessagePack's hash-collision-resistant dictionaries and depth limit), on both sides.
/// </remarks>
internal static class WttMessagePack
{
    /// <summary>Gets the serializer options of request arguments, results and error data.</summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(
            [WttProcessIdFormatter.Instance],

            // The contract's records: the public ones of Wtt.Abstractions and the internal Wire* ones of this assembly.
            [ContractlessStandardResolverAllowPrivate.Instance]))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Creates the JSON-RPC formatter of a connection that agreed on MessagePack.</summary>
    /// <returns>The formatter.</returns>
    public static MessagePackFormatter CreateFormatter()
    {
        var formatter = new MessagePackFormatter();
        formatter.SetMessagePackSerializerOptions(Options);
        return formatter;
    }

    /// <summary>Writes a <see cref="WttProcessId"/> as its UUID, as MessagePack writes a <see cref="Guid"/> (a 36-character string).</summary>
    private sealed class WttProcessIdFormatter : IMessagePackFormatter<WttProcessId>
    {
        public static readonly WttProcessIdFormatter Instance = new();

        public void Serialize(ref MessagePackWriter writer, WttProcessId value, MessagePackSerializerOptions options)
            => GuidFormatter.Instance.Serialize(ref writer, value.Value, options);

        public WttProcessId Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
            => new(GuidFormatter.Instance.Deserialize(ref reader, options));
    }
}
