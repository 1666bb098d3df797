// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>Settings of a <see cref="LocalWttClient"/>.</summary>
public sealed class LocalWttClientOptions
{
    /// <summary>Gets or sets the name of this machine, as other machines call it.</summary>
    /// <value><see cref="Environment.MachineName"/>.</value>
    public string MachineName { get; set; } = Environment.MachineName;

    /// <summary>
    /// Gets or sets the id of the calling Wtt process: the default parent of what it creates and the
    /// answer to <see cref="IWttClient.GetCurrentProcessInfoAsync"/>.
    /// </summary>
    /// <value>The id in <see cref="WttEnvironment.ProcessId"/>, or nil when the caller is not a Wtt process.</value>
    /// <remarks>Read on every call, so a host that registers itself after its client was made can set it then.</remarks>
    public WttProcessId SelfId { get; set; } = ReadSelfId();

    /// <summary>
    /// Gets or sets a value indicating whether a process created without a <see cref="ProcessStartSpec.ParentId"/>
    /// becomes a child of <see cref="SelfId"/>. An agent serving other machines turns it off: what a remote caller
    /// creates is that caller's, not the agent's.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool AdoptsCreatedProcesses { get; set; } = true;

    /// <summary>Gets or sets how often a tail checks its file when no change notification arrives.</summary>
    /// <value>100 milliseconds.</value>
    public TimeSpan TailPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets or sets how long a forced kill waits for the killed process to be reaped before reporting it.</summary>
    /// <value>5 seconds.</value>
    public TimeSpan KillReapTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long, after a process this client started has exited, its end waits for the captured
    /// output to drain: the exit is put in the table once both pipes reached end-of-file and every captured byte
    /// is appended where <see cref="IWttClient.ReadOutputAsync"/> reads it, or once this time has passed, whichever
    /// is first. The bound is for a descendant that inherited the pipes and keeps them open after the process
    /// exited: its later output is still captured, but the exit is not held back for it. Pipes that reach their end
    /// within this time hold the exit back until every byte is appended, however far behind a loaded machine has left
    /// the appends (up to 30 s, for a state folder that takes no more writes).
    /// </summary>
    /// <value>2 seconds.</value>
    public TimeSpan OutputDrainTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets whether the info of a plain process shows its OS threads (from <c>/proc</c> on Linux).</summary>
    /// <value><see langword="true"/>; the in-memory doubles turn it off, since their pids are not real.</value>
    public bool InspectOsProcesses { get; set; } = true;

    /// <summary>
    /// Gets variables every created process receives besides its identity, such as
    /// <see cref="WttEnvironment.TableFolder"/> and <see cref="WttEnvironment.StateFolder"/>, so a Wtt-based child finds its machine's table.
    /// </summary>
    public IDictionary<string, string> ChildVariables { get; } = new Dictionary<string, string>();

    /// <summary>Copies these settings (the child variables are shared, not copied).</summary>
    /// <returns>The copy.</returns>
    internal LocalWttClientOptions Copy() => (LocalWttClientOptions)MemberwiseClone();

    private static WttProcessId ReadSelfId()
        => WttProcessId.TryParse(Environment.GetEnvironmentVariable(WttEnvironment.ProcessId), null, out var id) ? id : WttProcessId.Nil;
}
