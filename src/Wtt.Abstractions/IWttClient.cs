// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>
/// The API a caller uses to create, watch, signal and wait for processes on this machine or on others.
/// The same calls work whatever machine a process runs on.
/// </summary>
/// <remarks>
/// Implementations are thread-safe: any number of calls may run at once. Every call honours its
/// <see cref="CancellationToken"/> and throws <see cref="OperationCanceledException"/> with it.
/// Calls that act on a set report per-process outcomes; they throw <see cref="WttException"/> only for
/// what makes the whole call impossible (a bad argument, an unknown root, an unreachable machine).
/// </remarks>
public interface IWttClient
{
    /// <summary>Gets the name of the machine this client serves as "this machine".</summary>
    string MachineName { get; }

    /// <summary>Creates a process, locally or on <see cref="ProcessStartSpec.Machine"/>, and returns as soon as it exists.</summary>
    /// <param name="spec">What to start.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A handle on the new process.</returns>
    /// <exception cref="WttException">
    /// <see cref="WttErrorCode.InvalidArgument"/>, <see cref="WttErrorCode.FileNotFound"/>, <see cref="WttErrorCode.InvalidWorkingDirectory"/>,
    /// <see cref="WttErrorCode.AccessDenied"/>, <see cref="WttErrorCode.DuplicateId"/>, <see cref="WttErrorCode.TableFull"/>,
    /// <see cref="WttErrorCode.StartFailed"/>, <see cref="WttErrorCode.MachineUnreachable"/>. No row is left behind.
    /// </exception>
    ValueTask<WttProcessHandle> CreateProcessAsync(ProcessStartSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Opens a handle on a process someone else created.</summary>
    /// <param name="id">The process.</param>
    /// <param name="machine">Its machine; <see langword="null"/> for this machine.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A handle.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/> (nil id), <see cref="WttErrorCode.UnknownProcess"/>, <see cref="WttErrorCode.MachineUnreachable"/>.</exception>
    ValueTask<WttProcessHandle> OpenProcessAsync(WttProcessId id, string? machine = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends an event to every process of a set: <see cref="WttSignal.Terminate"/> kills the process's whole OS tree at once,
    /// whatever its kind; otherwise a Wtt-based process gets the event, and a plain one gets SIGTERM for
    /// <see cref="WttSignal.Shutdown"/> and nothing for a user event (<see cref="SignalOutcome.NotSent"/>).
    /// The process serving the call, its ancestors and pid 1 are never signalled: their entries are <see cref="SignalOutcome.Refused"/>.
    /// </summary>
    /// <param name="processes">The processes.</param>
    /// <param name="signal">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One outcome per process.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>, <see cref="WttErrorCode.UnknownProcess"/> (an unknown tree root), <see cref="WttErrorCode.MachineUnreachable"/>.</exception>
    ValueTask<SignalResult> SignalAsync(ProcessSet processes, WttSignal signal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops every process of a set: <see cref="WttSignal.Shutdown"/> (or the polite signal) first, then after the grace period a forced kill of each one's whole OS tree.
    /// The process serving the call (the agent, or the local client's own process), its ancestors and pid 1 are never stopped:
    /// their entries are <see cref="SignalOutcome.Refused"/>, and a tree kill leaves them out.
    /// </summary>
    /// <param name="processes">The processes.</param>
    /// <param name="options">The grace period and polite signal; <see langword="null"/> for <see cref="TerminateOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the call (processes already killed stay dead).</param>
    /// <returns>One outcome per process: stopped cleanly, killed, already exited, or refused.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>, <see cref="WttErrorCode.UnknownProcess"/> (an unknown tree root), <see cref="WttErrorCode.MachineUnreachable"/>.</exception>
    ValueTask<SignalResult> TerminateAsync(ProcessSet processes, TerminateOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Waits until all or any processes of a set reach a status, a timeout passes, or a process stops beating.</summary>
    /// <param name="processes">The processes.</param>
    /// <param name="options">What to wait for; <see langword="null"/> for <see cref="WaitOptions.AllExited"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The summary, the index of the first failure (or first success for wait-any) and each process's standing. A time-out is a result, not an exception.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>, <see cref="WttErrorCode.UnknownProcess"/> (an unknown tree root).</exception>
    ValueTask<WaitResult> WaitAsync(ProcessSet processes, WaitOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads what is known about one process.</summary>
    /// <param name="process">The process.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its row and state folder: status, pid, exit code, times, heartbeat age, threads, logs, variations.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>, <see cref="WttErrorCode.MachineUnreachable"/>.</exception>
    ValueTask<ProcessInfo> GetProcessInfoAsync(WttProcessHandle process, CancellationToken cancellationToken = default);

    /// <summary>Reads what is known about the calling process, if it is a Wtt process.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The caller's info, or <see langword="null"/> when the caller is not a Wtt process.</returns>
    ValueTask<ProcessInfo?> GetCurrentProcessInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists a machine's table.</summary>
    /// <param name="options">Which machine, which rows, and whether to resolve remote rows; <see langword="null"/> for <see cref="ProcessListOptions.All"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One entry per row, in the table's order.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.MachineUnreachable"/> when the listed machine itself cannot be reached.</exception>
    ValueTask<IReadOnlyList<ProcessInfo>> GetProcessListAsync(ProcessListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Streams a registered log file of a process, like <c>tail -f</c>, from any machine.</summary>
    /// <param name="process">The process; disposing it ends the tail.</param>
    /// <param name="options">Which log and from where; <see langword="null"/> for <see cref="TailOptions.Default"/>.</param>
    /// <param name="cancellationToken">Ends the tail.</param>
    /// <returns>The chunks in the order written. The sequence ends when the process has ended and the rest is read (or at once when not following).</returns>
    /// <remarks>
    /// Follows appends, truncation and rotation (the path renamed away and a new regular file created at it). Only a
    /// regular file at the registered path is read: a log registered as a symbolic link is resolved at registration,
    /// and a symbolic link, FIFO or device found at the path later (first, or after a rotation) fails the tail with
    /// <see cref="WttErrorCode.AccessDenied"/>, without reading a byte of what it points to.
    /// </remarks>
    /// <exception cref="WttException"><see cref="WttErrorCode.LogNotRegistered"/>, <see cref="WttErrorCode.UnknownProcess"/>, <see cref="WttErrorCode.MachineUnreachable"/>, <see cref="WttErrorCode.AccessDenied"/> (the path is a link or not a regular file).</exception>
    IAsyncEnumerable<OutputChunk> TailLogAsync(WttProcessHandle process, TailOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Streams a process's captured console output, whole, then as it is written.</summary>
    /// <param name="process">The process; disposing it ends the stream.</param>
    /// <param name="options">Whether to follow; <see langword="null"/> for <see cref="OutputReadOptions.Default"/>.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The chunks in the order written; the sequence ends when the process has ended and the rest is read.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.UnknownProcess"/>, <see cref="WttErrorCode.MachineUnreachable"/>.</exception>
    IAsyncEnumerable<OutputChunk> ReadOutputAsync(WttProcessHandle process, OutputReadOptions? options = null, CancellationToken cancellationToken = default);
}
