// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using Wtt.Core;

namespace Wtt.Benchmarks.State;

/// <summary>
/// Reads of state documents, as info and lists make them: each invocation reads every one of <see cref="Documents"/>
/// documents once, by a store that keeps the files it read open (at most 128) or opens every one (as on a network file
/// system, the baseline). With more documents than are kept, every read misses. The third row's store knows the
/// machine's table, whose count of each document's writes stands in for the check of a kept file.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class StateReadBenchmarks
{
    private string folder = null!;
    private FolderProcessStateStore kept = null!;
    private FolderProcessStateStore opened = null!;
    private FolderProcessStateStore counted = null!;
    private SharedMemoryProcessTable table = null!;
    private WttProcessId[] ids = [];

    [Params(100, 300)]
    public int Documents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        folder = Lifecycle.BenchFolder.Create();
        var options = new FolderProcessStateStoreOptions { RootFolder = Path.Combine(folder, "state") };
        table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = Path.Combine(folder, "table"), Capacity = 512 });
        var writer = new FolderProcessStateStore(options);
        ids = [.. Enumerable.Range(0, Documents).Select(_ => table.Add(new ProcessRecord(WttProcessId.New()) { Pid = Environment.ProcessId, Status = ProcessStatus.Running }).Id)];
        foreach (var id in ids)
        {
            _ = writer.CreateAsync(id, d => d with { FileName = "/bin/sleep", Arguments = ["3600"], LastStatus = ProcessStatus.Running }).AsTask().GetAwaiter().GetResult();
        }

        kept = new FolderProcessStateStore(options);
        opened = new FolderProcessStateStore(options);
        opened.OpenEveryReadForTesting();
        counted = new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = options.RootFolder, DocumentVersions = table });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        table.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Lifecycle.BenchFolder.Delete(folder);
    }

    [Benchmark(Baseline = true, Description = "open every read")]
    public int OpenEveryRead() => ReadAll(opened);

    [Benchmark(Description = "keep files open")]
    public int KeepFilesOpen() => ReadAll(kept);

    [Benchmark(Description = "keep files open, with the table's counts")]
    public int KeepFilesOpenCounted() => ReadAll(counted);

    private int ReadAll(FolderProcessStateStore store)
    {
        var found = 0;
        foreach (var id in ids)
        {
            found += store.ReadStored(id) is null ? 0 : 1;
        }

        return found;
    }
}
