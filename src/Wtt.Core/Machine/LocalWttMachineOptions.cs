// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <summary>Where a machine's Wtt files live and how its client behaves.</summary>
public sealed class LocalWttMachineOptions
{
    /// <summary>Gets or sets the folder of the process table; several "machines" on one box use different folders.</summary>
    /// <value><see cref="SharedMemoryProcessTableOptions.DefaultTableFolder"/> (<c>/dev/shm/wtt</c> on Linux).</value>
    public string TableFolder { get; set; } = SharedMemoryProcessTableOptions.DefaultTableFolder;

    /// <summary>Gets or sets the folder of the state folders, which should survive a reboot.</summary>
    /// <value>
    /// <see langword="null"/>: <see cref="WttDefaultFolders.StateFolder"/> (<c>/var/lib/wtt/state</c> as root, <c>~/.local/state/wtt/state</c>
    /// otherwise) for the default table folder, <c>state</c> inside <see cref="TableFolder"/> for another one.
    /// </value>
    public string? StateFolder { get; set; }

    /// <summary>Gets or sets the number of rows of a new table.</summary>
    /// <value>4,096; at most 65,536.</value>
    public int Capacity { get; set; } = SharedMemoryProcessTableOptions.DefaultCapacity;

    /// <summary>Gets or sets how long state folders are kept after their last change.</summary>
    /// <value>3 days.</value>
    public TimeSpan StateRetention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// Gets or sets how often the machine sweeps its table for rows whose process is gone while nobody records its end
    /// (its launcher was killed or restarted); between sweeps, such processes are watched through pidfds on Linux.
    /// </summary>
    /// <value>5 seconds.</value>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how long the row of a gone process whose launcher may still run is left to that launcher (which
    /// records the real exit code once the output drained) before the sweep ends it with no exit code; keep it longer
    /// than <see cref="LocalWttClientOptions.OutputDrainTimeout"/>. A row whose launcher is gone too is ended at once.
    /// </summary>
    /// <value>5 seconds.</value>
    public TimeSpan EndGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the client's settings (machine name, the caller's own id …).</summary>
    public LocalWttClientOptions Client { get; init; } = new();

    /// <summary>Gets the launcher's settings.</summary>
    public ProcessLauncherOptions Launcher { get; init; } = new();

    /// <summary>Gets the state folder root these options resolve to.</summary>
    public string ResolvedStateFolder => WttDefaultFolders.ResolveStateFolder(TableFolder, StateFolder, WttDefaultFolders.StateFolder);
}
