// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Checks of timeouts and grace periods as every Wtt call reads them.</summary>
/// <remarks>
/// <see cref="Timeout.InfiniteTimeSpan"/> means "wait forever" for a timeout and "ignore heartbeats"
/// for a debug timeout; any other negative value is <see cref="WttErrorCode.InvalidArgument"/>.
/// </remarks>
public static class WttTimeouts
{
    /// <summary>Throws unless <paramref name="timeout"/> is zero, positive or infinite.</summary>
    /// <param name="timeout">The timeout.</param>
    /// <param name="name">The argument's name, for the message.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>.</exception>
    public static void ValidateTimeout(TimeSpan timeout, string name)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw WttException.InvalidArgument($"{name} is {timeout}; give zero or more, or Timeout.InfiniteTimeSpan to wait forever.");
        }
    }

    /// <summary>Throws unless <paramref name="debugTimeout"/> is positive or infinite.</summary>
    /// <param name="debugTimeout">The heartbeat timeout.</param>
    /// <param name="name">The argument's name, for the message.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>.</exception>
    public static void ValidateDebugTimeout(TimeSpan debugTimeout, string name)
    {
        if (debugTimeout <= TimeSpan.Zero && debugTimeout != Timeout.InfiniteTimeSpan)
        {
            throw WttException.InvalidArgument($"{name} is {debugTimeout}; give a positive heartbeat timeout, or Timeout.InfiniteTimeSpan to ignore heartbeats.");
        }
    }
}
