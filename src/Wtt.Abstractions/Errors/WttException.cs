// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>
/// Thrown when a Wtt call cannot do what it was asked. Outcomes that are normal results (a wait that
/// timed out, a process that broke into the debugger) are values in the result, not this exception.
/// </summary>
public class WttException : Exception
{
    /// <summary>Initializes an exception with <see cref="WttErrorCode.Unknown"/>.</summary>
    public WttException()
        : this(WttErrorCode.Unknown, "A Wtt call failed.")
    {
    }

    /// <summary>Initializes an exception with <see cref="WttErrorCode.Unknown"/> and a message.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public WttException(string message)
        : this(WttErrorCode.Unknown, message)
    {
    }

    /// <summary>Initializes an exception with <see cref="WttErrorCode.Unknown"/>, a message and a cause.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public WttException(string message, Exception? innerException)
        : this(WttErrorCode.Unknown, message, innerException)
    {
    }

    /// <summary>Initializes an exception.</summary>
    /// <param name="errorCode">Why the call failed.</param>
    /// <param name="message">What went wrong and what to do next.</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <param name="processId">The process involved, if any.</param>
    /// <param name="machine">The machine involved, if any.</param>
    public WttException(WttErrorCode errorCode, string message, Exception? innerException = null, WttProcessId processId = default, string? machine = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        ProcessId = processId;
        Machine = machine;
    }

    /// <summary>Gets why the call failed.</summary>
    public WttErrorCode ErrorCode { get; }

    /// <summary>Gets the process involved, or <see cref="WttProcessId.Nil"/>.</summary>
    public WttProcessId ProcessId { get; }

    /// <summary>Gets the machine involved, or <see langword="null"/>.</summary>
    public string? Machine { get; }

    /// <summary>Creates an <see cref="WttErrorCode.UnknownProcess"/> exception for <paramref name="id"/>.</summary>
    /// <param name="id">The id nobody knows.</param>
    /// <param name="machine">The machine asked.</param>
    /// <returns>The exception.</returns>
    public static WttException UnknownProcess(WttProcessId id, string? machine = null)
        => new(WttErrorCode.UnknownProcess, $"No process {id} is known on {machine ?? "this machine"}; check the id, or list the machine's processes with GetProcessListAsync.", null, id, machine);

    /// <summary>Creates an <see cref="WttErrorCode.InvalidArgument"/> exception.</summary>
    /// <param name="message">What is wrong with the argument and what to pass instead.</param>
    /// <returns>The exception.</returns>
    public static WttException InvalidArgument(string message) => new(WttErrorCode.InvalidArgument, message);
}
