// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using System.Text;

namespace Wtt.Core.Launching.Native;

/// <content>Strings in native memory for argv and envp.</content>
internal static unsafe partial class Spawn
{
    /// <summary>
    /// UTF-8, NUL-terminated copies of strings in native memory, freed together. An array (argv, envp) is one block: its
    /// pointers, then its strings.
    /// </summary>
    private sealed class NativeStrings : IDisposable
    {
        private readonly List<nint> _blocks = [];

        public byte* Add(string value)
        {
            var count = Encoding.UTF8.GetByteCount(value);
            var block = (byte*)NativeMemory.Alloc((nuint)count + 1);
            _blocks.Add((nint)block);
            Encoding.UTF8.GetBytes(value, new Span<byte>(block, count));
            block[count] = 0;
            return block;
        }

        public byte** AddArray(IReadOnlyList<string> values)
        {
            var bytes = 0L;
            for (var i = 0; i < values.Count; i++)
            {
                bytes += Encoding.UTF8.GetByteCount(values[i]) + 1;
            }

            var array = NewArray(values.Count, bytes, out var next, out var end);
            for (var i = 0; i < values.Count; i++)
            {
                array[i] = next;
                next = Put(values[i], next, end);
                *next++ = 0;
            }

            return array;
        }

        /// <summary>Adds variables as the <c>NAME=value</c> strings of an envp.</summary>
        public byte** AddEnvironment(IReadOnlyList<KeyValuePair<string, string>> variables)
        {
            var bytes = 0L;
            for (var i = 0; i < variables.Count; i++)
            {
                bytes += Encoding.UTF8.GetByteCount(variables[i].Key) + Encoding.UTF8.GetByteCount(variables[i].Value) + 2;
            }

            var array = NewArray(variables.Count, bytes, out var next, out var end);
            for (var i = 0; i < variables.Count; i++)
            {
                array[i] = next;
                next = Put(variables[i].Key, next, end);
                *next++ = (byte)'=';
                next = Put(variables[i].Value, next, end);
                *next++ = 0;
            }

            return array;
        }

        public void Dispose()
        {
            foreach (var block in _blocks)
            {
                NativeMemory.Free((void*)block);
            }
        }

        /// <summary>One block for <paramref name="count"/> pointers and a null, then <paramref name="bytes"/> of strings.</summary>
        private byte** NewArray(int count, long bytes, out byte* strings, out byte* end)
        {
            var pointers = (nuint)(count + 1) * (nuint)sizeof(nint);
            var block = (byte*)NativeMemory.Alloc(pointers + (nuint)bytes);
            _blocks.Add((nint)block);
            var array = (byte**)block;
            array[count] = null;
            strings = block + pointers;
            end = strings + bytes;
            return array;
        }

        /// <summary>Writes a string's UTF-8 bytes before <paramref name="end"/>; returns the byte after them.</summary>
        private static byte* Put(string value, byte* at, byte* end) => at + Encoding.UTF8.GetBytes(value, new Span<byte>(at, checked((int)(end - at))));
    }
}
