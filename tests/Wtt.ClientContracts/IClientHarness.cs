// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.ClientContracts;

/// <summary>
/// What a contract test needs from one implementation of <see cref="IWttClient"/>: the client, and a way
/// to start a scripted process on the machine under test.
/// </summary>
/// <remarks>
/// A script is a list of commands the process runs in order; the real test helper program and the
/// in-memory doubles understand the same ones:
/// <list type="bullet">
/// <item><c>print TEXT</c>, <c>stderr TEXT</c>: write a line to standard output or error.</item>
/// <item><c>log PATH N</c>: write N lines (<c>line 1</c> …) to PATH and register it as a log (Wtt-based).</item>
/// <item><c>init</c>: report initialised (Wtt-based).</item>
/// <item><c>stop-beating</c>: a registered thread stops beating, so the heartbeat stops (Wtt-based).</item>
/// <item><c>event-echo NAME</c>: print each payload of event NAME as it arrives (Wtt-based).</item>
/// <item><c>wait-shutdown</c>: block until Shutdown (or SIGTERM) arrives, then continue.</item>
/// <item><c>ignore-shutdown</c>: ignore Shutdown and SIGTERM from now on.</item>
/// <item><c>block</c>: block until killed (or ended by Shutdown unless ignored).</item>
/// <item><c>exit N</c>: exit with code N.</item>
/// </list>
/// A script that runs out of commands exits with code 0.
/// </remarks>
public interface IClientHarness : IAsyncDisposable
{
    /// <summary>Gets the client under test.</summary>
    IWttClient Client { get; }

    /// <summary>Gets the machine the scripted processes run on; <see langword="null"/> for the client's own.</summary>
    string? Machine { get; }

    /// <summary>Gets a folder the scripted processes may write logs to.</summary>
    string TempFolder { get; }

    /// <summary>Makes a spec that runs a script.</summary>
    /// <param name="kind">Whether the process attaches to Wtt.</param>
    /// <param name="commands">The script.</param>
    /// <returns>The spec, aimed at <see cref="Machine"/>.</returns>
    ProcessStartSpec Script(ProcessKind kind, params string[] commands);

    /// <summary>Makes a spec whose executable does not exist.</summary>
    /// <returns>The spec.</returns>
    ProcessStartSpec Missing();
}
