// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <summary>
/// Where a machine keeps what must outlive a reboot: the per-process state folders (so an ended process still
/// reads as not active) and the agent's call journal (so a restarted agent can name the calls it did not finish).
/// The table itself is live, memory-mapped data and stays on tmpfs (<see cref="SharedMemoryProcessTableOptions.DefaultTableFolder"/>).
/// </summary>
/// <remarks>
/// The rule: an explicit state folder wins; a machine on the default table folder keeps its state in
/// <see cref="StateFolder"/> (under <see cref="PersistentRoot"/>); a machine on another table folder (a lab, a test)
/// keeps it in <c>state</c> inside that table folder, so it stays self-contained; give a state folder to make it persistent.
/// </remarks>
public static class WttDefaultFolders
{
    /// <summary>Gets the persistent root of this process's user: <c>/var/lib/wtt</c> as root, <c>$XDG_STATE_HOME/wtt</c> or <c>~/.local/state/wtt</c> otherwise (Linux); <c>wtt</c> in the local application data folder elsewhere.</summary>
    public static string PersistentRoot { get; } = OperatingSystem.IsLinux()
        ? ResolvePersistentRoot(Launching.Native.LibC.geteuid() == 0, Environment.GetEnvironmentVariable("XDG_STATE_HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "wtt");

    /// <summary>Gets the default root of the per-process state folders: <c>state</c> under <see cref="PersistentRoot"/>.</summary>
    public static string StateFolder => Path.Combine(PersistentRoot, "state");

    /// <summary>Gets the default folder of an agent's call journal: <c>journal</c> under <see cref="PersistentRoot"/>.</summary>
    public static string JournalFolder => Path.Combine(PersistentRoot, "journal");

    /// <summary>Resolves the persistent root on Linux from the user and the environment.</summary>
    /// <param name="isRoot">Whether the effective user is root.</param>
    /// <param name="xdgStateHome">The <c>XDG_STATE_HOME</c> variable; ignored unless an absolute path, as the XDG specification says.</param>
    /// <param name="home">The user's home folder.</param>
    /// <returns><c>/var/lib/wtt</c> for root, else <c>$XDG_STATE_HOME/wtt</c>, else <c>~/.local/state/wtt</c>.</returns>
    internal static string ResolvePersistentRoot(bool isRoot, string? xdgStateHome, string home)
        => isRoot ? "/var/lib/wtt"
            : !string.IsNullOrEmpty(xdgStateHome) && Path.IsPathRooted(xdgStateHome) ? Path.Combine(xdgStateHome, "wtt")
            : Path.Combine(home, ".local", "state", "wtt");

    /// <summary>Resolves the folder of an agent's call journal: the one given, else <see cref="JournalFolder"/> for the default table folder, else <c>journal</c> inside the table folder.</summary>
    /// <param name="tableFolder">The machine's table folder.</param>
    /// <param name="journalFolder">The journal folder given, or <see langword="null"/>.</param>
    /// <returns>The journal folder.</returns>
    public static string ResolveJournalFolder(string tableFolder, string? journalFolder)
        => journalFolder ?? (IsDefaultTable(tableFolder) ? JournalFolder : Path.Combine(tableFolder, "journal"));

    /// <summary>Resolves the root of a machine's state folders (see the remarks of <see cref="WttDefaultFolders"/>).</summary>
    /// <param name="tableFolder">The machine's table folder.</param>
    /// <param name="stateFolder">The state folder given, or <see langword="null"/>.</param>
    /// <param name="defaultStateFolder">The persistent default, normally <see cref="StateFolder"/>.</param>
    /// <returns>The root of the state folders.</returns>
    internal static string ResolveStateFolder(string tableFolder, string? stateFolder, string defaultStateFolder)
        => stateFolder
            ?? (IsDefaultTable(tableFolder) ? defaultStateFolder : Path.Combine(tableFolder, "state"));

    private static bool IsDefaultTable(string tableFolder)
        => string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(tableFolder)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(SharedMemoryProcessTableOptions.DefaultTableFolder)), StringComparison.Ordinal);
}
