// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>Creates the process launcher of the current platform.</summary>
public static class DefaultProcessLauncher
{
    /// <summary>
    /// Creates a <see cref="LinuxProcessLauncher"/> on Linux, and elsewhere a launcher built on
    /// <see cref="System.Diagnostics.Process"/> (no creation flags, no run-as, trees killed by
    /// <see cref="System.Diagnostics.Process.Kill(bool)"/>).
    /// </summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <returns>The launcher.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: invalid options.</exception>
    public static IProcessLauncher Create(ProcessLauncherOptions? options = null, TimeProvider? timeProvider = null)
    {
        if (OperatingSystem.IsLinux())
        {
            return new LinuxProcessLauncher(options, timeProvider);
        }

        options ??= new ProcessLauncherOptions();
        options.Validate();
        return new DiagnosticsProcessLauncher(options, timeProvider ?? TimeProvider.System);
    }
}
