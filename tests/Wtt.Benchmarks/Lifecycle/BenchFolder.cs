// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>A fresh table folder under <c>/dev/shm/wtt-bench/&lt;guid&gt;</c>, deleted by the benchmark's cleanup.</summary>
internal static class BenchFolder
{
    /// <summary>Creates the folder.</summary>
    /// <returns>Its path.</returns>
    public static string Create()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var folder = Path.Combine(root, "wtt-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Deletes the folder and everything in it, if it is still there.</summary>
    /// <param name="folder">The folder.</param>
    public static void Delete(string? folder)
    {
        if (folder is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
