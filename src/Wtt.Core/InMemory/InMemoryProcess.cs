// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Wtt.Core.Launching.Native;

namespace Wtt.Core;

/// <summary>
/// A fake OS process started by <see cref="InMemoryProcessLauncher"/>: the test writes its output, ends it
/// (<see cref="Exit"/>, <see cref="Crash"/>) and sees the signals sent to it.
/// </summary>
/// <remarks>
/// Thread-safe. SIGKILL (<c>(PosixSignal)9</c>) and <see cref="KillTreeAsync"/> end it as killed (exit code
/// 128 + 9); SIGTERM ends it (128 + 15) or is ignored, as <see cref="TerminateReaction"/> says; other signals
/// are only recorded. For a Wtt-based fake process, <see cref="AttachContext"/> gives the context its code would use.
/// </remarks>
public sealed partial class InMemoryProcess : ILaunchedProcess
{
    private readonly Lock gate = new();
    private readonly TaskCompletionSource<ProcessExit> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<OutputChunk> output = Channel.CreateUnbounded<OutputChunk>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider timeProvider;
    private long standardOutputLength;
    private long standardErrorLength;

    internal InMemoryProcess(ProcessLaunchRequest request, int pid, long startTime, TimeProvider timeProvider)
    {
        Request = request;
        Pid = pid;
        StartTime = startTime;
        this.timeProvider = timeProvider;
        StartedAt = timeProvider.GetUtcNow();
        if (!request.Spec.CaptureOutput)
        {
            output.Writer.TryComplete();
        }
    }

    /// <summary>Gets what the launcher was asked to start.</summary>
    public ProcessLaunchRequest Request { get; }

    /// <summary>Gets the Wtt id the process was started with.</summary>
    public WttProcessId Id => Request.Id;

    /// <inheritdoc/>
    public int Pid { get; }

    /// <inheritdoc/>
    public long StartTime { get; }

    /// <inheritdoc/>
    public DateTimeOffset StartedAt { get; }

    /// <inheritdoc/>
    public Task<ProcessExit> Exited => exited.Task;

    /// <summary>Gets a value indicating whether the process has ended.</summary>
    public bool HasExited => exited.Task.IsCompleted;

    /// <inheritdoc/>
    /// <remarks>Empty when the spec did not ask for capture; ends when the process ends.</remarks>
    public IAsyncEnumerable<OutputChunk> Output => output.Reader.ReadAllAsync();

    /// <summary>Gets or sets how the process reacts to SIGTERM.</summary>
    /// <value>The launcher's <see cref="InMemoryProcessLauncher.TerminateReaction"/> when it started.</value>
    public InMemorySignalReaction TerminateReaction { get; set; }

    /// <summary>Gets a value indicating whether the owner disposed the process handle.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Writes text (UTF-8) to standard output.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="InvalidOperationException">The process has exited.</exception>
    public void WriteOutput(string text) => Write(OutputSource.StandardOutput, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes text (UTF-8) to standard error.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="InvalidOperationException">The process has exited.</exception>
    public void WriteError(string text) => Write(OutputSource.StandardError, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes bytes to standard output or standard error.</summary>
    /// <param name="source">Where to write.</param>
    /// <param name="data">The bytes.</param>
    /// <exception cref="InvalidOperationException">The process has exited.</exception>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: <see cref="OutputSource.Log"/>.</exception>
    public void Write(OutputSource source, ReadOnlySpan<byte> data)
    {
        if (source == OutputSource.Log)
        {
            throw WttException.InvalidArgument("A process writes console output to standard output or error; log files are not console output.");
        }

        lock (gate)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"Process {Pid} has exited; it cannot write any more.");
            }

            if (!Request.Spec.CaptureOutput)
            {
                return;
            }

            ref var length = ref source == OutputSource.StandardOutput ? ref standardOutputLength : ref standardErrorLength;
            output.Writer.TryWrite(new OutputChunk(Id, source, length, data.ToArray()));
            length += data.Length;
        }
    }

    /// <summary>Ends the process as if it exited by itself.</summary>
    /// <param name="exitCode">The exit code.</param>
    /// <returns><see langword="true"/> when it ended now; <see langword="false"/> when it had already ended.</returns>
    public bool Exit(int exitCode) => End(new ProcessExit(exitCode, timeProvider.GetUtcNow()));

    /// <summary>Ends the process as if a signal killed it (a crash, or a kill from outside Wtt).</summary>
    /// <param name="signal">The signal, for example <see cref="PosixSignal.SIGQUIT"/> or <c>(PosixSignal)11</c> for SIGSEGV.</param>
    /// <returns><see langword="true"/> when it ended now; <see langword="false"/> when it had already ended.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: not a signal (a raw number outside 1-64).</exception>
    public bool Crash(PosixSignal signal) => EndBySignal(SignalNumbers.ToLinux(signal));

    /// <inheritdoc/>
    /// <remarks>Nothing is released; the handle is only marked <see cref="IsDisposed"/>, and the process keeps running.</remarks>
    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }

    private bool EndBySignal(int number)
        => End(new ProcessExit(128 + number, timeProvider.GetUtcNow()) { Signal = number });

    private bool End(ProcessExit exit)
    {
        lock (gate)
        {
            if (HasExited)
            {
                return false;
            }

            output.Writer.TryComplete();
            exited.TrySetResult(exit);
            return true;
        }
    }
}
