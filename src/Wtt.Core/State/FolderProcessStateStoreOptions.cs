// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.State;

/// <summary>Options of a <see cref="FolderProcessStateStore"/>.</summary>
public sealed class FolderProcessStateStoreOptions
{
    /// <summary>The default retention of state folders: 3 days.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(3);

    /// <summary>Gets or sets the folder that holds one state folder per process.</summary>
    /// <value><c>/dev/shm/wtt/state</c> on Linux, <c>wtt/state</c> in the temp folder elsewhere (the <c>state</c> folder next to the default table).</value>
    public string RootFolder { get; set; } = DefaultRootFolder;

    /// <summary>Gets or sets how long a state folder is kept after it was last written.</summary>
    /// <value><see cref="DefaultRetention"/>.</value>
    public TimeSpan Retention { get; set; } = DefaultRetention;

    /// <summary>Gets the default root folder of this platform.</summary>
    public static string DefaultRootFolder => Path.Combine(ProcessTable.SharedMemoryProcessTableOptions.DefaultTableFolder, "state");

    /// <summary>Creates options whose root is the <c>state</c> folder next to a table folder.</summary>
    /// <param name="tableFolder">The table folder.</param>
    /// <returns>The options.</returns>
    public static FolderProcessStateStoreOptions NextToTable(string tableFolder) => new() { RootFolder = Path.Combine(tableFolder, "state") };

    /// <summary>Throws unless the options are valid.</summary>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RootFolder))
        {
            throw WttException.InvalidArgument("RootFolder is empty; give the folder that holds the per-process state folders (default /dev/shm/wtt/state).");
        }

        if (Retention <= TimeSpan.Zero)
        {
            throw WttException.InvalidArgument($"Retention is {Retention}; give a positive period (default {DefaultRetention.TotalDays} days).");
        }
    }
}
