// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>
/// A lock word in shared memory that records its owner: pid in the high 32 bits, the low 32 bits of the
/// owner's start time in the low 32 bits, 0 when free. A waiter spins, then sleeps briefly, and every few
/// rounds checks whether the owner still lives; a dead owner's lock is taken over with a compare-and-swap.
/// </summary>
/// <remarks>
/// The word tells processes apart, not threads: callers serialise their own threads with a process-local
/// lock before taking the word.
/// </remarks>
internal static unsafe class SharedLock
{
    /// <summary>Gets the owner word of the current process.</summary>
    public static long Self { get; } = MakeOwner(Environment.ProcessId, ProcessLiveness.CurrentStartTime);

    /// <summary>Packs an owner word.</summary>
    /// <param name="pid">The owner's pid.</param>
    /// <param name="startTime">The owner's start time.</param>
    /// <returns>The word.</returns>
    public static long MakeOwner(int pid, long startTime) => ((long)pid << 32) | (uint)startTime;

    /// <summary>Tells whether the owner recorded in <paramref name="owner"/> is alive.</summary>
    /// <param name="owner">An owner word.</param>
    /// <returns><see langword="true"/> when the process lives.</returns>
    public static bool IsOwnerAlive(long owner)
        => owner == Self || ProcessLiveness.IsAliveLow32((int)(owner >> 32), (uint)owner);

    /// <summary>Takes the lock.</summary>
    /// <param name="word">The lock word.</param>
    /// <returns><see langword="true"/> when the lock was taken over from a dead owner (the caller repairs what it guards).</returns>
    public static bool Acquire(long* word)
    {
        if (Interlocked.CompareExchange(ref *word, Self, 0) == 0)
        {
            return false;
        }

        return AcquireSlow(word);
    }

    /// <summary>Takes the lock if it is free or its owner is dead, without waiting.</summary>
    /// <param name="word">The lock word.</param>
    /// <param name="tookOver">Whether it was taken from a dead owner.</param>
    /// <returns><see langword="true"/> when the lock is now held.</returns>
    public static bool TryAcquire(long* word, out bool tookOver)
    {
        tookOver = false;
        var current = Volatile.Read(ref *word);
        if (current == 0)
        {
            return Interlocked.CompareExchange(ref *word, Self, 0) == 0;
        }

        if (!IsOwnerAlive(current) && Interlocked.CompareExchange(ref *word, Self, current) == current)
        {
            tookOver = true;
            return true;
        }

        return false;
    }

    /// <summary>Releases the lock.</summary>
    /// <param name="word">The lock word.</param>
    public static void Release(long* word) => Volatile.Write(ref *word, 0);

    private static bool AcquireSlow(long* word)
    {
        var spinner = default(SpinWait);
        var rounds = 0;
        while (true)
        {
            var current = Volatile.Read(ref *word);
            if (current == 0)
            {
                if (Interlocked.CompareExchange(ref *word, Self, 0) == 0)
                {
                    return false;
                }
            }
            else if (++rounds % 16 == 0 && !IsOwnerAlive(current)
                && Interlocked.CompareExchange(ref *word, Self, current) == current)
            {
                return true;
            }

            spinner.SpinOnce(sleep1Threshold: 20);
        }
    }
}
