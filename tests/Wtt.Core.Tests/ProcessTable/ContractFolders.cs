// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.ProcessTable;

/// <summary>Roots for the folders the contract subclasses create; roots left by earlier runs are deleted after an hour.</summary>
internal static class ContractFolders
{
    public static string NewRoot(string kind)
    {
        var parent = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "wtt-tests");
        Directory.CreateDirectory(parent);
        foreach (var stale in Directory.EnumerateDirectories(parent, kind + "-*"))
        {
            try
            {
                if (Directory.GetLastWriteTimeUtc(stale) < DateTime.UtcNow.AddHours(-1))
                {
                    Directory.Delete(stale, recursive: true);
                }
            }
            catch (IOException)
            {
            }
        }

        var root = Path.Combine(parent, $"{kind}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        return root;
    }
}
