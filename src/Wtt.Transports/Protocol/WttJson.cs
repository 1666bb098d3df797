// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text.Json;
using System.Text.Json.Serialization;
using StreamJsonRpc;

namespace Wtt.Transports.Protocol;

/// <summary>The JSON settings of the wire: camelCase names, enums as strings, UUIDs as strings.</summary>
internal static class WttJson
{
    /// <summary>Gets the options of the handshake lines.</summary>
    public static JsonSerializerOptions Handshake { get; } = Configure(new JsonSerializerOptions());

    /// <summary>Creates the JSON-RPC formatter with the wire's settings.</summary>
    /// <returns>The formatter.</returns>
    public static SystemTextJsonFormatter CreateFormatter()
    {
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions = Configure(new JsonSerializerOptions(formatter.JsonSerializerOptions));
        return formatter;
    }

    private static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
