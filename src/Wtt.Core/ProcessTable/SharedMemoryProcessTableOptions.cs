// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>Options of a <see cref="SharedMemoryProcessTable"/>.</summary>
public sealed class SharedMemoryProcessTableOptions
{
    /// <summary>The default number of rows.</summary>
    public const int DefaultCapacity = 4096;

    /// <summary>The largest number of rows.</summary>
    public const int MaxCapacity = 65536;

    /// <summary>Gets or sets the per-machine table folder; every process that opens the same folder shares the table.</summary>
    /// <value><c>/dev/shm/wtt</c> on Linux (tmpfs), <c>wtt</c> in the temp folder elsewhere.</value>
    public string TableFolder { get; set; } = DefaultTableFolder;

    /// <summary>Gets or sets the number of rows, used when the table file is created (an existing file keeps its own).</summary>
    /// <value><see cref="DefaultCapacity"/>; 1 to <see cref="MaxCapacity"/>.</value>
    public int Capacity { get; set; } = DefaultCapacity;

    /// <summary>Gets the default table folder of this platform.</summary>
    public static string DefaultTableFolder
        => OperatingSystem.IsLinux() && Directory.Exists("/dev/shm") ? "/dev/shm/wtt" : Path.Combine(Path.GetTempPath(), "wtt");

    /// <summary>Throws unless the options are valid.</summary>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>.</exception>
    public void Validate()
    {
        if (Capacity is < 1 or > MaxCapacity)
        {
            throw WttException.InvalidArgument($"Capacity is {Capacity}; give 1 to {MaxCapacity} rows (default {DefaultCapacity}).");
        }

        if (string.IsNullOrWhiteSpace(TableFolder))
        {
            throw WttException.InvalidArgument("TableFolder is empty; give the per-machine folder that holds the table file (default /dev/shm/wtt).");
        }
    }
}
