// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;
using System.Text.Json.Nodes;
using MessagePack;

namespace Wtt.Fuzz;

/// <summary>The seed corpus: valid handshake lines, and a valid request for every method of docs/protocol.md in both encodings.</summary>
internal static class Corpus
{
    /// <summary>A file that an unauthenticated <c>create</c> would make; it must never exist.</summary>
    public static string Marker { get; set; } = "/nonexistent/wtt-fuzz-marker";

    /// <summary>Methods that may not run for an authenticated fuzzer: they create, signal or end processes.</summary>
    public static readonly string[] Launching = ["create", "signal", "terminate"];

    public static byte[][] HandshakeLines(Guid instance) =>
    [
        Line(new JsonObject { ["type"] = "hello", ["protocol"] = 1, ["machine"] = "fuzz", ["instance"] = instance.ToString() }),
        Line(new JsonObject { ["type"] = "hello", ["protocol"] = 1, ["machine"] = "fuzz", ["instance"] = instance.ToString(), ["features"] = new JsonArray("multiplex", "msgpack") }),
        Line(new JsonObject { ["type"] = "proof", ["proof"] = Convert.ToBase64String(new byte[32]) }),
        Line(new JsonObject { ["type"] = "proof", ["proof"] = null }),
        Line(new JsonObject { ["type"] = "hello", ["protocol"] = 2, ["machine"] = "fuzz", ["instance"] = instance.ToString() }),
    ];

    /// <summary>Requests as (method, named JSON params, positional params).</summary>
    public static IEnumerable<(string Method, JsonObject Named)> Requests()
    {
        var handle = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["machine"] = null };
        JsonObject Set() => new() { ["kind"] = "Handles", ["handles"] = new JsonArray(handle.DeepClone()), ["groupId"] = Guid.Empty.ToString(), ["machine"] = null };
        JsonObject Call(params (string, JsonNode?)[] rest)
        {
            var o = new JsonObject { ["callId"] = Guid.NewGuid().ToString() };
            foreach (var (k, v) in rest)
            {
                o[k] = v;
            }

            return o;
        }

        yield return ("create", Call(("spec", new JsonObject { ["fileName"] = "/usr/bin/touch", ["arguments"] = new JsonArray(Marker), ["environment"] = new JsonObject(), ["workingDirectory"] = null, ["machine"] = null, ["id"] = Guid.Empty.ToString(), ["kind"] = "Plain", ["creationFlags"] = "NewSession", ["captureOutput"] = true, ["logFiles"] = new JsonArray(), ["debugTimeout"] = "00:00:30" })));
        yield return ("open", Call(("id", Guid.NewGuid().ToString()), ("machine", null)));
        yield return ("close", Call(("id", Guid.NewGuid().ToString())));
        yield return ("signal", Call(("processes", Set()), ("signal", new JsonObject { ["name"] = "Shutdown", ["payload"] = null })));
        yield return ("terminate", Call(("processes", Set()), ("options", new JsonObject { ["gracePeriod"] = "00:00:01", ["politeSignal"] = "SIGTERM" })));
        yield return ("wait", Call(("processes", Set()), ("options", new JsonObject { ["mode"] = "Any", ["target"] = "Exited", ["timeout"] = "00:00:00.1", ["debugTimeout"] = null })));
        yield return ("info", Call(("process", handle.DeepClone())));
        yield return ("info", Call(("id", Guid.NewGuid().ToString()), ("machine", null)));
        yield return ("currentInfo", Call());
        yield return ("list", Call(("options", new JsonObject { ["machine"] = null, ["resolveRemote"] = false, ["filter"] = null, ["includeDetails"] = true })));
        yield return ("tail", Call(("process", handle.DeepClone()), ("options", new JsonObject { ["logName"] = "main", ["start"] = "LastBytes", ["offset"] = 4096, ["follow"] = false })));
        yield return ("output", Call(("process", handle.DeepClone()), ("options", new JsonObject { ["follow"] = false, ["includeStandardError"] = true })));
        yield return ("tailChannel", Call(("process", handle.DeepClone()), ("options", null), ("channel", 1)));
        yield return ("outputChannel", Call(("process", handle.DeepClone()), ("options", null), ("channel", 1)));
        yield return ("$/enumerator/next", new JsonObject { ["token"] = 1 });
        yield return ("$/enumerator/dispose", new JsonObject { ["token"] = 1 });
        yield return ("$/cancelRequest", new JsonObject { ["id"] = 1 });
    }

    /// <summary>Every seed frame: JSON named, JSON positional, MessagePack positional.</summary>
    public static (byte[] Json, byte[] MessagePack)[] Frames(bool authenticated)
    {
        var frames = new List<(byte[], byte[])>();
        var id = 1;
        foreach (var (method, named) in Requests())
        {
            if (authenticated && Launching.Contains(method))
            {
                continue;
            }

            var positional = new JsonArray([.. named.Select(p => p.Value?.DeepClone())]);
            frames.Add((Json(id, method, named), MessagePackOf(id, method, positional)));
            frames.Add((Json(id + 1, method, positional), MessagePackOf(id + 1, method, positional)));
            id += 2;
        }

        return [.. frames];
    }

    public static byte[] Json(int id, string method, JsonNode parameters)
        => Encoding.UTF8.GetBytes(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters.DeepClone() }.ToJsonString());

    public static byte[] MessagePackOf(int id, string method, JsonNode parameters)
        => MessagePackSerializer.ConvertFromJson(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters.DeepClone() }.ToJsonString());

    private static byte[] Line(JsonObject message) => Encoding.UTF8.GetBytes(message.ToJsonString() + "\n");
}
