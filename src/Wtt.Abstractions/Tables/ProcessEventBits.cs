// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Bits of a row's event word: events that need no payload, so they are set and read without a lock.</summary>
[Flags]
public enum ProcessEventBits : long
{
    /// <summary>No event is pending.</summary>
    None = 0,

    /// <summary>Shutdown was asked for.</summary>
    Shutdown = 1,

    /// <summary>Events with a payload wait in the process's event queue.</summary>
    QueuedEvents = 2,
}
