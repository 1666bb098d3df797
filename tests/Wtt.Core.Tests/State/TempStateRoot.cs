// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core.Tests.State;

/// <summary>A fresh state root per test, deleted afterwards.</summary>
internal sealed class TempStateRoot : IDisposable
{
    public TempStateRoot()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, "wtt-tests", "state-" + Guid.NewGuid().ToString("N"));
    }

    public string Path { get; }

    public FolderProcessStateStore Create(TimeProvider? time = null)
        => new(new FolderProcessStateStoreOptions { RootFolder = Path }, time);

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
