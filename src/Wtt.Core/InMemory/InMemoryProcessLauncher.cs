// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>
/// Starts fake OS processes that the test drives: the test double of the machine's launcher. Every start
/// is recorded; each <see cref="InMemoryProcess"/> writes output, exits, crashes or reacts to signals when
/// the test says so. No real process is ever started.
/// </summary>
/// <remarks>
/// Thread-safe. Fake pids count up from 10000. Start failures are configured with <see cref="FileExists"/>,
/// <see cref="DirectoryExists"/> and <see cref="StartFailure"/>, so the error paths of the caller can be tested.
/// </remarks>
public sealed partial class InMemoryProcessLauncher : IProcessLauncher
{
    private readonly Lock gate = new();
    private readonly List<InMemoryProcess> started = [];
    private readonly List<(Func<InMemoryProcess, bool> Match, TaskCompletionSource<InMemoryProcess> Done)> waiters = [];
    private int nextPid = 10000;
    private long nextStartTime = 1000;

    /// <summary>Initializes a launcher on the system clock.</summary>
    public InMemoryProcessLauncher()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Initializes a launcher.</summary>
    /// <param name="timeProvider">The clock for start and exit times (a <c>FakeTimeProvider</c> in tests).</param>
    public InMemoryProcessLauncher(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
    }

    /// <summary>Raised, on the starting thread and before <see cref="StartAsync"/> returns, for every process started.</summary>
    /// <remarks>A handler may script the process at once (for example <c>p.Exit(0)</c>).</remarks>
    public event EventHandler<InMemoryProcess>? ProcessStarted;

    /// <summary>Gets the clock of start and exit times.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets or sets which executables exist; a start of one that does not fails with <see cref="WttErrorCode.FileNotFound"/>.</summary>
    /// <value>Every file exists.</value>
    public Func<string, bool> FileExists { get; set; } = static _ => true;

    /// <summary>Gets or sets which working directories exist; a start in one that does not fails with <see cref="WttErrorCode.InvalidWorkingDirectory"/>.</summary>
    /// <value><see cref="Directory.Exists(string)"/>: the real file system is asked.</value>
    public Func<string, bool> DirectoryExists { get; set; } = Directory.Exists;

    /// <summary>Gets or sets a hook that may fail a start: return the exception to throw (for example <see cref="WttErrorCode.AccessDenied"/>), or <see langword="null"/> to start.</summary>
    /// <value><see langword="null"/>: no extra failure.</value>
    public Func<ProcessLaunchRequest, Exception?>? StartFailure { get; set; }

    /// <summary>Gets or sets how processes started from now on react to SIGTERM.</summary>
    /// <value><see cref="InMemorySignalReaction.Exit"/>.</value>
    public InMemorySignalReaction TerminateReaction { get; set; }

    /// <summary>Gets the processes started so far, in order.</summary>
    public IReadOnlyList<InMemoryProcess> Started
    {
        get
        {
            lock (gate)
            {
                return [.. started];
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.FileNotFound"/>, <see cref="WttErrorCode.InvalidWorkingDirectory"/>, or what <see cref="StartFailure"/> returns.</exception>
    public ValueTask<ILaunchedProcess> StartAsync(ProcessLaunchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var spec = request.Spec;
        spec.Validate();
        if (!FileExists(spec.FileName))
        {
            throw new WttException(WttErrorCode.FileNotFound, $"The executable '{spec.FileName}' was not found; give a full path or a name on PATH.", null, request.Id);
        }

        if (spec.WorkingDirectory is { } directory && !DirectoryExists(directory))
        {
            throw new WttException(WttErrorCode.InvalidWorkingDirectory, $"The working directory '{directory}' does not exist; create it or give another.", null, request.Id);
        }

        if (StartFailure?.Invoke(request) is { } failure)
        {
            throw failure;
        }

        InMemoryProcess process;
        List<TaskCompletionSource<InMemoryProcess>> done = [];
        lock (gate)
        {
            process = new InMemoryProcess(request, ++nextPid, ++nextStartTime, TimeProvider) { TerminateReaction = TerminateReaction };
            started.Add(process);
            for (var i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Match(process))
                {
                    done.Add(waiters[i].Done);
                    waiters.RemoveAt(i);
                }
            }
        }

        ProcessStarted?.Invoke(this, process);
        foreach (var waiter in done)
        {
            waiter.TrySetResult(process);
        }

        return ValueTask.FromResult<ILaunchedProcess>(process);
    }
}
