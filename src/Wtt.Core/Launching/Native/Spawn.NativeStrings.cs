// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using System.Text;

namespace Wtt.Core.Launching.Native;

/// <content>Strings in native memory for argv and envp.</content>
internal static unsafe partial class Spawn
{
    /// <summary>UTF-8, NUL-terminated copies of strings in native memory, freed together.</summary>
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
            var array = (byte**)NativeMemory.Alloc((nuint)(values.Count + 1), (nuint)sizeof(nint));
            _blocks.Add((nint)array);
            for (var i = 0; i < values.Count; i++)
            {
                array[i] = Add(values[i]);
            }

            array[values.Count] = null;
            return array;
        }

        public void Dispose()
        {
            foreach (var block in _blocks)
            {
                NativeMemory.Free((void*)block);
            }
        }
    }
}
