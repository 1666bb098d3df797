// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core.Tests.ProcessTable;

/// <summary>A fresh table folder per test, deleted afterwards.</summary>
internal sealed class TempTableFolder : IDisposable
{
    public TempTableFolder()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, "wtt-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string TableFile => System.IO.Path.Combine(Path, "processes.table");

    public SharedMemoryProcessTable Open(int capacity = 64, TimeProvider? time = null)
        => SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = Path, Capacity = capacity }, time);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
