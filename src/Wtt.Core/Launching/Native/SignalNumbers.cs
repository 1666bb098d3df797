// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace Wtt.Core.Launching.Native;

/// <summary>
/// Maps <see cref="PosixSignal"/> (negative, portable values, or a raw number cast to it) to Linux signal numbers,
/// as the launchers send them and as exit codes (128 + n) report them; the one map of the engine, used by the
/// real launchers and the in-memory doubles alike.
/// </summary>
internal static class SignalNumbers
{
    /// <summary>SIGKILL.</summary>
    public const int Kill = 9;

    /// <summary>SIGTERM.</summary>
    public const int Terminate = 15;

    /// <summary>Gets the Linux number of a signal.</summary>
    /// <param name="signal">The signal.</param>
    /// <returns>The number.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: not a signal.</exception>
    public static int ToLinux(PosixSignal signal) => (int)signal switch
    {
        -1 => 1,   // SIGHUP
        -2 => 2,   // SIGINT
        -3 => 3,   // SIGQUIT
        -4 => Terminate,
        -5 => 17,  // SIGCHLD
        -6 => 18,  // SIGCONT
        -7 => 28,  // SIGWINCH
        -8 => 21,  // SIGTTIN
        -9 => 22,  // SIGTTOU
        -10 => 20, // SIGTSTP
        > 0 and <= 64 => (int)signal,
        _ => throw WttException.InvalidArgument($"{signal} is not a signal; pass a PosixSignal member or a raw signal number (1-64) cast to PosixSignal."),
    };
}
