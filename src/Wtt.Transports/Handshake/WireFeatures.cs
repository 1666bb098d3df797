// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Transports.Handshake;

/// <summary>The optional features of a connection, named in the handshake's <c>features</c> lists (docs/protocol.md, "Handshake").</summary>
[Flags]
internal enum WireFeatures
{
    /// <summary>Protocol 1 as plain clients speak it: JSON-RPC in UTF-8 JSON, output streams as JSON enumerables.</summary>
    None = 0,

    /// <summary><see cref="WttProtocol.MultiplexFeature"/>: a <c>MultiplexingStream</c> over the connection, output streams in channels of their own.</summary>
    Multiplex = 1,

    /// <summary><see cref="WttProtocol.MessagePackFeature"/>: JSON-RPC messages encoded as MessagePack instead of JSON text.</summary>
    MessagePack = 2,

    /// <summary>Every feature this library speaks.</summary>
    All = Multiplex | MessagePack,
}

/// <summary>Converts <see cref="WireFeatures"/> to and from the names on the wire.</summary>
internal static class WireFeatureNames
{
    /// <summary>Gets the names of a set of features, or <see langword="null"/> for none (older peers send no list).</summary>
    /// <param name="features">The features.</param>
    /// <returns>The names, in a fixed order.</returns>
    public static IReadOnlyList<string>? ToNames(WireFeatures features)
    {
        if (features == WireFeatures.None)
        {
            return null;
        }

        var names = new List<string>(2);
        if (features.HasFlag(WireFeatures.Multiplex))
        {
            names.Add(WttProtocol.MultiplexFeature);
        }

        if (features.HasFlag(WireFeatures.MessagePack))
        {
            names.Add(WttProtocol.MessagePackFeature);
        }

        return names;
    }

    /// <summary>Reads a list of names; names this library does not know are ignored, as the protocol says.</summary>
    /// <param name="names">The names a peer sent; <see langword="null"/> for none.</param>
    /// <returns>The features named.</returns>
    public static WireFeatures Parse(IReadOnlyList<string>? names)
    {
        var features = WireFeatures.None;
        foreach (var name in names ?? [])
        {
            features |= name switch
            {
                WttProtocol.MultiplexFeature => WireFeatures.Multiplex,
                WttProtocol.MessagePackFeature => WireFeatures.MessagePack,
                _ => WireFeatures.None,
            };
        }

        return features;
    }
}
