// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Protocol;

/// <summary>A <see cref="WttSignal"/> on the wire: its name and its payload (base64).</summary>
/// <param name="Name">The event's name.</param>
/// <param name="Payload">The payload bytes.</param>
internal sealed record WireSignal(string Name, byte[]? Payload = null);
