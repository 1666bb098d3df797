// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wtt.Core.Launching.Native;

/// <summary>
/// <c>struct epoll_event</c>, read and written in place: on x86 and x64 it is packed (12 bytes, the 64-bit data right
/// after the 32-bit events); on arm64 and the other architectures the data is aligned (16 bytes).
/// </summary>
internal static unsafe class Epoll
{
    /// <summary><c>EPOLL_CTL_ADD</c>.</summary>
    internal const int Add = 1;

    /// <summary><c>EPOLL_CTL_DEL</c>.</summary>
    internal const int Delete = 2;

    /// <summary>The room of one event, whatever the architecture.</summary>
    internal const int MaxEventSize = 16;

    private const uint In = 0x1; // EPOLLIN; EPOLLERR and EPOLLHUP are always reported, with poll's values

    private static readonly bool Packed = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    /// <summary>Gets the size of one event.</summary>
    internal static int EventSize { get; } = Packed ? 12 : 16;

    private static int DataOffset { get; } = Packed ? 4 : 8;

    /// <summary>Adds <paramref name="fd"/> for readability with <paramref name="data"/>, or deletes it.</summary>
    /// <returns>Whether the kernel did it (else the errno is the last P/Invoke error).</returns>
    internal static bool Control(int epollFd, int operation, int fd, ulong data)
    {
        var entry = stackalloc byte[MaxEventSize];
        *(uint*)entry = In;
        Unsafe.WriteUnaligned(entry + DataOffset, data);
        return LibC.epoll_ctl(epollFd, operation, fd, entry) == 0;
    }

    /// <summary>Reads the data and the ready flags of the event at <paramref name="index"/>.</summary>
    internal static (ulong Data, uint Flags) Read(byte* events, int index)
    {
        var entry = events + (index * EventSize);
        return (Unsafe.ReadUnaligned<ulong>(entry + DataOffset), Unsafe.ReadUnaligned<uint>(entry));
    }
}
