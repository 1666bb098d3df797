// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>How a process launcher starts, watches and kills OS processes.</summary>
public sealed class ProcessLauncherOptions
{
    /// <summary>The default <see cref="KillTreeTimeout"/>.</summary>
    /// <value>5 seconds.</value>
    public static readonly TimeSpan DefaultKillTreeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets whether each started process gets a cgroup of its own (Linux, cgroup v2 writable,
    /// usually root), killed as a whole with <c>cgroup.kill</c>.
    /// </summary>
    /// <value><see langword="true"/>; ignored where cgroup v2 is absent or not writable.</value>
    public bool UseCgroups { get; set; } = true;

    /// <summary>
    /// Gets or sets whether processes are started with Wtt's native helper, libwttspawn (Linux x64, shipped in the
    /// package): clone3 starts each process straight in its cgroup, with its pidfd, so it is never moved there and
    /// cannot fork outside it. Where the helper is missing or the kernel refuses clone3 (before Linux 5.7, or under a
    /// seccomp filter), processes are started with posix_spawn and moved into their cgroups after the start, as
    /// <see cref="WaitForCgroupPlacement"/> and <see cref="CgroupPlacementDelay"/> describe; turn this off to have
    /// that everywhere.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool UseNativeSpawn { get; set; } = true;

    /// <summary>
    /// Gets or sets whether <see cref="IProcessLauncher.StartAsync"/> returns only once the process is in its cgroup.
    /// Moving a process into a cgroup takes a kernel-wide lock and an RCU grace period (3-10 ms measured, more
    /// than the spawn), so by default it is done right after the start on a background thread; a tree kill waits
    /// for it first. A child forked before the move stays outside the cgroup and is found by the <c>/proc</c> walk.
    /// A process started by libwttspawn (<see cref="UseNativeSpawn"/>) is in its cgroup from its start: this and
    /// <see cref="CgroupPlacementDelay"/> apply only to processes started by posix_spawn.
    /// </summary>
    /// <value><see langword="false"/>.</value>
    public bool WaitForCgroupPlacement { get; set; }

    /// <summary>
    /// Gets or sets how long after its start a process is moved into its cgroup in the background (when
    /// <see cref="WaitForCgroupPlacement"/> is off). A process that exits sooner is never moved (and costs no
    /// thread wake-up), so the move's kernel-wide lock does not slow short-lived processes; forks made before
    /// the move are found by the <c>/proc</c> walk.
    /// </summary>
    /// <value>2 milliseconds.</value>
    public TimeSpan CgroupPlacementDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Gets or sets the name of the parent cgroup under which each started process gets its folder.</summary>
    /// <value><c>wtt</c>.</value>
    public string CgroupParentName { get; set; } = "wtt";

    /// <summary>
    /// Gets or sets whether the launching process becomes a child subreaper (<c>PR_SET_CHILD_SUBREAPER</c>,
    /// Linux), so descendants orphaned by their parent are re-parented to it, where a tree kill finds and reaps them.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool SetChildSubreaper { get; set; } = true;

    /// <summary>Gets or sets whether a started process reads its standard input from <c>/dev/null</c> instead of the creator's.</summary>
    /// <value><see langword="true"/>.</value>
    public bool StandardInputFromNull { get; set; } = true;

    /// <summary>Gets or sets how long <see cref="ILaunchedProcess.KillTreeAsync"/> waits for the killed processes to die so it can reap those re-parented to the launcher.</summary>
    /// <value><see cref="DefaultKillTreeTimeout"/>.</value>
    public TimeSpan KillTreeTimeout { get; set; } = DefaultKillTreeTimeout;

    /// <summary>Gets or sets the largest chunk of captured output read at once, in bytes.</summary>
    /// <value>65,536.</value>
    public int OutputBufferSize { get; set; } = 65536;

    /// <summary>Checks the options and throws what is wrong with them.</summary>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: an option is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(CgroupParentName) || CgroupParentName.Contains('/', StringComparison.Ordinal) || CgroupParentName is "." or "..")
        {
            throw WttException.InvalidArgument("ProcessLauncherOptions.CgroupParentName must be a plain folder name such as \"wtt\".");
        }

        if (KillTreeTimeout < TimeSpan.Zero && KillTreeTimeout != Timeout.InfiniteTimeSpan)
        {
            throw WttException.InvalidArgument("ProcessLauncherOptions.KillTreeTimeout is negative; give a positive time or Timeout.InfiniteTimeSpan.");
        }

        if (CgroupPlacementDelay < TimeSpan.Zero || CgroupPlacementDelay > TimeSpan.FromSeconds(1))
        {
            throw WttException.InvalidArgument("ProcessLauncherOptions.CgroupPlacementDelay must be between 0 and 1 second.");
        }

        if (OutputBufferSize is < 512 or > 16 * 1024 * 1024)
        {
            throw WttException.InvalidArgument("ProcessLauncherOptions.OutputBufferSize must be between 512 bytes and 16 MiB.");
        }
    }
}
