// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;

namespace Wtt.Fuzz;

/// <summary>
/// A deterministic mutator in the manner of libFuzzer's: each call applies one to four mutations chosen by the worker's own
/// <see cref="Random"/>, so a seed replays the same inputs.
/// </summary>
internal sealed class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xc0, 0xc1, 0xdc, 0xde, 0xdd, 0xdf, (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)'"', (byte)'\\', (byte)',', (byte)':', (byte)'\n', 0xed, 0xa0, 0xf4, 0x90];
    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1e309", "-9223372036854775809", "18446744073709551616", "1.5", "\"\"", "\"\\u0000\"", "\"\\ud800\"",
        "\"00000000-0000-0000-0000-000000000000\"", "\"-00:00:00.0010000\"", "\"99999999.23:59:59\"", "[]", "{}", "[[[[[[]]]]]]", "{\"id\":{}}",
        "\"" + new string('x', 5000) + "\"", "\"\u00e9\u4e2d\ud83d\ude00\"", "\"Shutdown\"", "\"Tree\"", "\"Group\"", "\"Any\"", "\"Exited\"",
    ];

    private readonly Random random;
    private readonly byte[][] seeds;

    public Mutator(Random random, byte[][] seeds)
    {
        this.random = random;
        this.seeds = seeds;
    }

    public byte[] Seed() => seeds[random.Next(seeds.Length)];

    public byte[] Mutate(byte[] input)
    {
        var data = new List<byte>(input);
        for (int i = 0, n = 1 + random.Next(4); i < n; i++)
        {
            MutateOnce(data);
        }

        return [.. data];
    }

    private void MutateOnce(List<byte> data)
    {
        var at = data.Count == 0 ? 0 : random.Next(data.Count);
        switch (random.Next(12))
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at] = (byte)random.Next(256);
                break;
            case 2:
                data.Insert(at, Interesting[random.Next(Interesting.Length)]);
                break;
            case 3 when data.Count > 0:
                data.RemoveRange(at, random.Next(Math.Min(16, data.Count - at)) + 1);
                break;
            case 4:
                data.RemoveRange(at, data.Count - at);
                break;
            case 5 when data.Count > 0:
                var length = Math.Min(random.Next(64) + 1, data.Count - at);
                data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                break;
            case 6:
                var other = Seed();
                var from = random.Next(other.Length);
                data.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, random.Next(128) + 1)).ToArray());
                break;
            case 7:
                // A JSON value of a random type where a value was (after a ':' or '[' or ',').
                var colon = data.FindIndex(at, b => b is (byte)':' or (byte)'[' or (byte)',');
                if (colon >= 0)
                {
                    var end = data.FindIndex(colon + 1, b => b is (byte)',' or (byte)'}' or (byte)']');
                    if (end > colon)
                    {
                        data.RemoveRange(colon + 1, end - colon - 1);
                        data.InsertRange(colon + 1, Encoding.UTF8.GetBytes(Values[random.Next(Values.Length)]));
                    }
                }

                break;
            case 8:
                // Deep nesting, up to far beyond any parser's limit.
                var depth = random.Next(4) == 0 ? random.Next(100_000) : random.Next(200);
                var open = random.Next(2) == 0 ? (byte)'[' : (byte)0x91;
                data.InsertRange(at, Enumerable.Repeat(open, depth));
                break;
            case 9:
                // Unicode: a random code point (surrogates included), or bytes that are no UTF-8.
                var code = random.Next(0x110000);
                data.InsertRange(at, code is >= 0xD800 and <= 0xDFFF ? [0xED, (byte)(0xA0 | (code >> 6 & 0x1F)), (byte)(0x80 | (code & 0x3F))] : Encoding.UTF8.GetBytes(char.ConvertFromUtf32(code)));
                break;
            case 10:
                data.InsertRange(at, new byte[random.Next(8) + 1]);
                break;
            default:
                // An interesting 32-bit integer, big-endian (MessagePack's int32, a frame length).
                var value = random.Next(5) switch { 0 => int.MaxValue, 1 => int.MinValue, 2 => -1, 3 => 0x00FF_FFFF, _ => random.Next() };
                data.InsertRange(at, [0xd2, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
                break;
        }
    }
}
