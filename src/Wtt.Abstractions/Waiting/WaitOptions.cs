// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>What <see cref="IWttClient.WaitAsync"/> waits for and how long.</summary>
public sealed record WaitOptions
{
    /// <summary>Gets options that wait for every process to exit, forever.</summary>
    public static WaitOptions AllExited { get; } = new();

    /// <summary>Gets options that wait for every process to report initialisation, forever.</summary>
    public static WaitOptions AllInitialized { get; } = new() { Target = WaitTarget.Initialized };

    /// <summary>Gets whether every process or any one must reach the target.</summary>
    /// <value><see cref="WaitMode.All"/>.</value>
    public WaitMode Mode { get; init; }

    /// <summary>Gets the status to wait for.</summary>
    /// <value><see cref="WaitTarget.Exited"/>.</value>
    public WaitTarget Target { get; init; } = WaitTarget.Exited;

    /// <summary>Gets how long to wait; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</summary>
    /// <value><see cref="Timeout.InfiniteTimeSpan"/>.</value>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>
    /// Gets how long a Wtt-based process may go without a heartbeat before it is reported as a debug
    /// break; <see langword="null"/> uses each process's own (set at creation);
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> ignores heartbeats.
    /// </summary>
    public TimeSpan? DebugTimeout { get; init; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a negative, non-infinite timeout.</exception>
    public void Validate()
    {
        WttTimeouts.ValidateTimeout(Timeout, nameof(Timeout));
        if (DebugTimeout is { } debug)
        {
            WttTimeouts.ValidateDebugTimeout(debug, nameof(DebugTimeout));
        }

        if (!Enum.IsDefined(Mode) || !Enum.IsDefined(Target))
        {
            throw WttException.InvalidArgument($"WaitOptions has Mode {Mode} and Target {Target}; use the named members of WaitMode and WaitTarget.");
        }
    }
}
