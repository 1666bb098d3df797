// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>
/// The launcher where no native one exists: <see cref="System.Diagnostics.Process"/>. Creation flags other
/// than <see cref="ProcessCreationFlags.Detached"/> (no window) and run-as are not supported.
/// </summary>
internal sealed class DiagnosticsProcessLauncher(ProcessLauncherOptions options, TimeProvider timeProvider) : IProcessLauncher
{
    /// <inheritdoc/>
    public ValueTask<ILaunchedProcess> StartAsync(ProcessLaunchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Spec.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var spec = request.Spec;
        if (spec.RunAs is not null)
        {
            throw new WttException(WttErrorCode.NotSupported, $"Running as another user is not supported by the launcher of this platform; drop ProcessStartSpec.RunAs or run on Linux.", null, request.Id);
        }

        string? workingDirectory = null;
        if (spec.WorkingDirectory is not null)
        {
            workingDirectory = Path.GetFullPath(spec.WorkingDirectory);
            if (!Directory.Exists(workingDirectory))
            {
                throw new WttException(WttErrorCode.InvalidWorkingDirectory, $"The working directory '{workingDirectory}' does not exist; create it or pass another.", null, request.Id);
            }
        }

        var variables = EnvironmentBlock.Build(request);
        var executable = spec.FileName;
        if (executable.IndexOfAny(['/', '\\']) >= 0 && !File.Exists(executable))
        {
            throw new WttException(WttErrorCode.FileNotFound, $"The executable '{Path.GetFullPath(executable)}' does not exist; check the path.", null, request.Id);
        }

        ILaunchedProcess process = DiagnosticsLaunchedProcess.Start(request, executable, variables, workingDirectory, null, options, timeProvider, null);
        return ValueTask.FromResult(process);
    }
}
