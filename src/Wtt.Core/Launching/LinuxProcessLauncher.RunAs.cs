// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;

namespace Wtt.Core;

/// <content>Starting a process as another user.</content>
public sealed partial class LinuxProcessLauncher
{
    /// <summary>
    /// posix_spawn cannot change the user, so a process for another user is started by
    /// <see cref="System.Diagnostics.Process"/>, which supports <see cref="System.Diagnostics.ProcessStartInfo.UserName"/>
    /// on Unix: its fork child calls setgroups, setgid and setuid before exec (System.Native, pal_process.c).
    /// That child is reaped by the runtime, not here; the pidfd is only used to signal it and kill its tree.
    /// </summary>
    private DiagnosticsLaunchedProcess StartAsUser(ProcessLaunchRequest request, string executable, List<KeyValuePair<string, string>> variables, string? workingDirectory)
    {
        var user = request.Spec.RunAs!;
        if (EffectiveUserId() != 0)
        {
            throw new WttException(WttErrorCode.AccessDenied, $"Running a process as '{user}' needs root (or CAP_SETUID and CAP_SETGID); run the creator or the agent as root, or drop ProcessStartSpec.RunAs.", null, request.Id);
        }

        if (user.Domain is not null || user.Password is not null)
        {
            throw WttException.InvalidArgument($"RunAs on Linux takes a user name only; Domain and Password are for Windows (user '{user}').");
        }

        if (LibC.getpwnam(user.UserName) == 0)
        {
            throw WttException.InvalidArgument($"The user '{user.UserName}' does not exist on this machine; give an existing user name (see /etc/passwd).");
        }

        var cgroup = _cgroups?.TryCreateGroup(request.Id.ToString());
        return DiagnosticsLaunchedProcess.Start(request, executable, variables, workingDirectory, user.UserName, Options, TimeProvider, cgroup);
    }
}
