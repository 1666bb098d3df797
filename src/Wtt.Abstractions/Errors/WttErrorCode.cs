// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>Why a Wtt call could not do what it was asked. Carried by <see cref="WttException"/>.</summary>
/// <remarks>
/// The numeric values are part of the wire protocol (a remote error carries
/// <c>-32000 - code</c> as its JSON-RPC error code); never renumber a member.
/// </remarks>
public enum WttErrorCode
{
    /// <summary>An error not covered by another code; the message says more.</summary>
    Unknown = 1,

    /// <summary>An argument was invalid: a nil id, an empty set, a negative timeout, a malformed name.</summary>
    InvalidArgument = 2,

    /// <summary>No process with the given id is known on the machine asked.</summary>
    UnknownProcess = 3,

    /// <summary>The machine could not be reached within the caller's timeout.</summary>
    MachineUnreachable = 4,

    /// <summary>The remote agent restarted while the call was pending; the call's outcome is unknown.</summary>
    AgentRestarted = 5,

    /// <summary>The caller lacks a privilege the call needs (the message names it).</summary>
    AccessDenied = 6,

    /// <summary>The process table has no free row.</summary>
    TableFull = 7,

    /// <summary>The executable to start was not found.</summary>
    FileNotFound = 8,

    /// <summary>The working directory does not exist or is not a directory.</summary>
    InvalidWorkingDirectory = 9,

    /// <summary>The operating system refused to start the process for another reason.</summary>
    StartFailed = 10,

    /// <summary>The process table file is corrupt or of another layout version.</summary>
    TableIncompatible = 11,

    /// <summary>The peer speaks another protocol version.</summary>
    ProtocolMismatch = 12,

    /// <summary>The peer could not prove the shared secret or certificate.</summary>
    AuthenticationFailed = 13,

    /// <summary>A message exceeded the size limit.</summary>
    MessageTooLarge = 14,

    /// <summary>Too many calls were in flight on one connection.</summary>
    TooManyCalls = 15,

    /// <summary>The log file was not registered by the process; only registered logs can be read.</summary>
    LogNotRegistered = 16,

    /// <summary>The operation is not supported on this platform or by this implementation.</summary>
    NotSupported = 17,

    /// <summary>A process with the given id already exists.</summary>
    DuplicateId = 18,

    /// <summary>The object was disposed or the connection closed.</summary>
    Closed = 19,

    /// <summary>A message was malformed or violated the protocol.</summary>
    ProtocolError = 20,

    /// <summary>The operation did not complete within its timeout.</summary>
    Timeout = 21,
}
