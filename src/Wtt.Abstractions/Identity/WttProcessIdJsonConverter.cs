// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wtt;

/// <summary>Writes a <see cref="WttProcessId"/> as its UUID string, so the wire shows plain UUIDs.</summary>
public sealed class WttProcessIdJsonConverter : JsonConverter<WttProcessId>
{
    /// <inheritdoc/>
    public override WttProcessId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return WttProcessId.TryParse(text, null, out var id)
            ? id
            : throw new JsonException($"'{text}' is not a UUID; a process id is written as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, WttProcessId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}
