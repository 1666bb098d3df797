// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.Versioning;
using Wtt.Core.Launching.Native;

namespace Wtt.Core;

/// <summary>
/// Starts real OS processes on Linux with <c>posix_spawn</c> (never a fork from managed code), holds each
/// through a pidfd, reaps it itself, captures its output through pipes, and kills whole trees through a
/// cgroup of its own (where cgroup v2 is writable) or its process group and a walk of <c>/proc</c>.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Exits and output of every started process are watched by one shared background thread.</para>
/// <para>
/// The .NET runtime's SIGCHLD handler reaps only the children it started through
/// <see cref="System.Diagnostics.Process"/>, so the processes started here are reaped here (<c>waitid(P_PIDFD)</c>),
/// and no zombie is left once <see cref="ILaunchedProcess.Exited"/> has completed.
/// </para>
/// <para>
/// With <see cref="ProcessLauncherOptions.SetChildSubreaper"/> (the default) the whole process becomes a child
/// subreaper: descendants orphaned by their parent are re-parented to it, so a tree kill finds them; those that
/// exit by themselves are reaped after SIGCHLD when they provably belong to a launched tree (its cgroup, or its
/// own process group or session). Children started through <see cref="System.Diagnostics.Process"/> are never reaped here.
/// </para>
/// <para>
/// Run-as (<see cref="ProcessStartSpec.RunAs"/>) needs root and is started through <see cref="System.Diagnostics.Process"/>
/// with <see cref="System.Diagnostics.ProcessStartInfo.UserName"/>, since posix_spawn cannot change the user.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed partial class LinuxProcessLauncher : IProcessLauncher
{
    private static int subreaperSet;
    private readonly CgroupTree? _cgroups;

    /// <summary>Initializes a launcher.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for start and exit times; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: invalid options; <see cref="WttErrorCode.NotSupported"/>: not Linux.</exception>
    public LinuxProcessLauncher(ProcessLauncherOptions? options = null, TimeProvider? timeProvider = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new WttException(WttErrorCode.NotSupported, "LinuxProcessLauncher runs on Linux only; use DefaultProcessLauncher.Create() to get the launcher of this platform.");
        }

        Options = options ?? new ProcessLauncherOptions();
        Options.Validate();
        TimeProvider = timeProvider ?? TimeProvider.System;
        _cgroups = Options.UseCgroups ? CgroupTree.TryCreate(Options.CgroupParentName) : null;
        if (_cgroups is not null && Options.UseNativeSpawn)
        {
            _ = CgroupFolderPool.SweepOnce(_cgroups.Parent);
        }

        if (Options.SetChildSubreaper)
        {
            if (Interlocked.Exchange(ref subreaperSet, 1) == 0)
            {
                _ = Syscalls.SetChildSubreaper();
            }

            OrphanReaper.Enable(_cgroups?.Parent);
        }
    }

    /// <summary>Gets the options.</summary>
    public ProcessLauncherOptions Options { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets a value indicating whether each started process gets a cgroup of its own.</summary>
    public bool UsesCgroups => _cgroups is not null;

    /// <summary>Gets or sets the effective user id check; a seam for tests of the unprivileged path.</summary>
    internal Func<uint> EffectiveUserId { get; set; } = LibC.geteuid;

    /// <inheritdoc/>
    public ValueTask<ILaunchedProcess> StartAsync(ProcessLaunchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Spec.Validate();
        cancellationToken.ThrowIfCancellationRequested();

        var spec = request.Spec;
        var variables = EnvironmentBlock.Build(request);
        var workingDirectory = CheckWorkingDirectory(spec.WorkingDirectory, request.Id);
        var executable = ExecutableResolver.Resolve(spec.FileName, EnvironmentBlock.Find(variables, "PATH"), request.Id);

        if (spec.RunAs is not null)
        {
            return ValueTask.FromResult<ILaunchedProcess>(StartAsUser(request, executable, variables, workingDirectory));
        }

        return ValueTask.FromResult<ILaunchedProcess>(Spawn(request, executable, variables, workingDirectory));
    }

    private static string? CheckWorkingDirectory(string? workingDirectory, WttProcessId id)
    {
        if (workingDirectory is null)
        {
            return null;
        }

        var full = Path.GetFullPath(workingDirectory);
        return Directory.Exists(full)
            ? full
            : throw new WttException(WttErrorCode.InvalidWorkingDirectory, $"The working directory '{full}' does not exist or is not a directory; create it or pass another.", null, id);
    }
}
