// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wtt.Cli.Common;

/// <summary>Writes the one JSON document of <c>--json</c>: camelCase names, enums as their names, indented.</summary>
internal static class JsonOutput
{
    /// <summary>Gets the serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Writes a value as JSON and a new line.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="output">Where to.</param>
    /// <param name="value">The value.</param>
    public static void Write<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, Options));
}
