// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>Options of a <see cref="FolderProcessStateStore"/>.</summary>
public sealed class FolderProcessStateStoreOptions
{
    /// <summary>The default retention of state folders: 3 days.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(3);

    /// <summary>Gets or sets the folder that holds one state folder per process.</summary>
    /// <value><see cref="WttDefaultFolders.StateFolder"/>: persistent, <c>/var/lib/wtt/state</c> as root, <c>$XDG_STATE_HOME/wtt/state</c> or <c>~/.local/state/wtt/state</c> otherwise.</value>
    public string RootFolder { get; set; } = DefaultRootFolder;

    /// <summary>Gets or sets how long a state folder is kept after it was last written.</summary>
    /// <value><see cref="DefaultRetention"/>.</value>
    public TimeSpan Retention { get; set; } = DefaultRetention;

    /// <summary>
    /// Gets or sets the test of a process still in its machine's table: cleanup never deletes its state folder,
    /// whatever its age (a process running for longer than the retention keeps its output and document).
    /// </summary>
    /// <value><see langword="null"/>: no process is known to be in a table (a machine sets it to its table's rows).</value>
    public Func<WttProcessId, bool>? InTable { get; set; }

    /// <summary>
    /// Gets or sets the machine's count of each process's document writes (its process table), which this store moves
    /// after every document it writes. A process's document read again while its count has not moved since the last
    /// check of the file is answered without a look at the file, for at most <see cref="FolderProcessStateStore.VersionTrust"/>.
    /// </summary>
    /// <value><see langword="null"/>: every read of a kept document checks its file (a machine sets its table).</value>
    internal IDocumentVersions? DocumentVersions { get; set; }

    /// <summary>Gets the default root folder of this platform.</summary>
    public static string DefaultRootFolder => WttDefaultFolders.StateFolder;

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
            throw WttException.InvalidArgument("RootFolder is empty; give the folder that holds the per-process state folders (default /var/lib/wtt/state as root, ~/.local/state/wtt/state otherwise).");
        }

        if (Retention <= TimeSpan.Zero)
        {
            throw WttException.InvalidArgument($"Retention is {Retention}; give a positive period (default {DefaultRetention.TotalDays} days).");
        }
    }
}
