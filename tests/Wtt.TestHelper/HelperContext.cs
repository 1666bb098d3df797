// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.InteropServices;
using Wtt.Core;
using Wtt.TestHelper.Spawning;

namespace Wtt.TestHelper;

/// <summary>
/// What the commands of one run share: the output, the READY marker, and what must stay alive
/// (signal registrations, relays of children's output).
/// </summary>
/// <remarks>
/// This is the extension point for the Wtt-based side of the helper: state a command needs from the
/// child-side attach (the process context, heartbeats, the shutdown token) is held here and created
/// by the first command that needs it.
/// </remarks>
internal sealed class HelperContext
{
    /// <summary>The line printed once setup is done, so tests can sync on output.</summary>
    public const string ReadyMarker = "READY";

    private readonly List<PosixSignalRegistration> signalRegistrations = [];
    private readonly List<ChildRelay> relays = [];
    private bool readyHandled;

    /// <summary>Gets the standard output (autoflushed, thread-safe).</summary>
    public TextWriter Out { get; } = Console.Out;

    /// <summary>Gets the standard error (autoflushed, thread-safe).</summary>
    public TextWriter Error { get; } = Console.Error;

    /// <summary>Prints <see cref="ReadyMarker"/> unless it was printed (or suppressed) already.</summary>
    public void EnsureReady()
    {
        if (!readyHandled)
        {
            readyHandled = true;
            Out.WriteLine(ReadyMarker);
        }
    }

    /// <summary>Makes sure this process never prints <see cref="ReadyMarker"/> (a launcher that only starts another).</summary>
    public void SuppressReady() => readyHandled = true;

    /// <summary>Gets the Wtt attachment, once the <c>attach</c> command ran.</summary>
    public WttProcess? Wtt { get; private set; }

    /// <summary>Gets or sets a value indicating whether Shutdown and SIGTERM are ignored.</summary>
    public bool IgnoreShutdown { get; set; }

    /// <summary>Attaches to Wtt (once), beating every 200 ms so heartbeat tests run fast.</summary>
    /// <returns>The attachment.</returns>
    public WttProcess AttachWtt()
        => Wtt ??= WttProcess.AttachAsync(new WttProcessAttachOptions { Heartbeats = { Interval = TimeSpan.FromMilliseconds(200) } }).AsTask().GetAwaiter().GetResult();

    /// <summary>Gets the attachment, or explains that the script must attach first.</summary>
    /// <param name="command">The command that needs it.</param>
    /// <returns>The attachment.</returns>
    public WttProcess RequireWtt(string command)
        => Wtt ?? throw new UsageException($"'{command}' needs the Wtt attachment; put 'attach' before it.");

    /// <summary>Keeps a signal registration alive for the life of the process.</summary>
    public void Keep(PosixSignalRegistration registration) => signalRegistrations.Add(registration);

    /// <summary>Keeps a relay of a child's output; the run waits for it to end before the process exits.</summary>
    public void Keep(ChildRelay relay) => relays.Add(relay);

    /// <summary>Waits until every kept relay has seen its child's output end.</summary>
    public void WaitForRelays()
    {
        foreach (var relay in relays)
        {
            relay.WaitForEnd();
        }
    }
}
