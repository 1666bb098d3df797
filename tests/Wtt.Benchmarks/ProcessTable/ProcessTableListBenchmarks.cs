// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Attributes;
using Wtt.Core;

namespace Wtt.Benchmarks.ProcessTable;

/// <summary>Listing a full table of 4,096 rows.</summary>
[MemoryDiagnoser]
public class ProcessTableListBenchmarks
{
    private string _folder = null!;
    private SharedMemoryProcessTable _table = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "wtt-bench", Guid.NewGuid().ToString("N"));
        _table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = _folder, Capacity = 4096 });
        for (var i = 0; i < 4096; i++)
        {
            _table.Add(new ProcessRecord(WttProcessId.New()) { Pid = i, Machine = i % 2 == 0 ? null : "remote-machine", Status = ProcessStatus.Running });
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _table.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "list 4096 rows")]
    public int List() => _table.List().Count;
}
