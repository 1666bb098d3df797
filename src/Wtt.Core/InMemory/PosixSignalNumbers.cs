// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.InMemory;

/// <summary>The Linux numbers of <see cref="PosixSignal"/> values, as exit codes (128 + n) report them.</summary>
internal static class PosixSignalNumbers
{
    /// <summary>SIGKILL, which has no <see cref="PosixSignal"/> member: pass <c>(PosixSignal)9</c>.</summary>
    public const int Kill = 9;

    /// <summary>SIGTERM.</summary>
    public const int Terminate = 15;

    /// <summary>Gets the signal number of a <see cref="PosixSignal"/> (raw positive values are numbers already).</summary>
    /// <param name="signal">The signal.</param>
    /// <returns>The Linux number.</returns>
    public static int Of(PosixSignal signal) => (int)signal switch
    {
        // The negative values are PosixSignal's own (SIGHUP = -1 ... SIGTSTP = -10).
        -1 => 1,
        -2 => 2,
        -3 => 3,
        -4 => Terminate,
        -5 => 17,
        -6 => 18,
        -7 => 28,
        -8 => 21,
        -9 => 22,
        -10 => 20,
        var raw => raw,
    };
}
