// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>How a caller asks an agent to encode the JSON-RPC messages of a connection (docs/protocol.md, "MessagePack encoding").</summary>
/// <remarks>
/// Both encodings carry the same methods, arguments and errors; the caller asks in the handshake, and an agent that does not
/// offer MessagePack gets JSON. Output channels of a multiplexed connection carry raw bytes either way.
/// </remarks>
public enum WttWireEncoding
{
    /// <summary>MessagePack (handshake feature <c>msgpack</c>): what .NET callers use by default, cheaper per call for both sides.</summary>
    MessagePack = 0,

    /// <summary>UTF-8 JSON text, as clients in other languages speak it; readable in a packet capture.</summary>
    Json = 1,
}
