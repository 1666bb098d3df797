// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wtt.Core;

/// <summary>The JSON form of state documents.</summary>
internal static class StateJson
{
    /// <summary>Gets the serializer options: web defaults (camelCase), enums as names.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };
}
