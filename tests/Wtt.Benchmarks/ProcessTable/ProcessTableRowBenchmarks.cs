// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.IO.MemoryMappedFiles;
using BenchmarkDotNet.Attributes;
using Wtt.Core;

namespace Wtt.Benchmarks.ProcessTable;

/// <summary>Single-row operations on a table of 1,024 rows, against a plain 64-bit volatile write into a mapped view.</summary>
[MemoryDiagnoser]
public unsafe class ProcessTableRowBenchmarks
{
    private string _folder = null!;
    private SharedMemoryProcessTable _table = null!;
    private WttProcessId _id;
    private RowHandle _handle;
    private DateTimeOffset _now;
    private MemoryMappedFile _baselineFile = null!;
    private MemoryMappedViewAccessor _baselineView = null!;
    private long* _baselineWord;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "wtt-bench", Guid.NewGuid().ToString("N"));
        _table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = _folder, Capacity = 4096 });
        for (var i = 0; i < 1024; i++)
        {
            var id = WttProcessId.New();
            _table.Add(new ProcessRecord(id) { Pid = i, Machine = i % 2 == 0 ? null : "remote-machine", Status = ProcessStatus.Running });
            if (i == 512)
            {
                _id = id;
            }
        }

        _handle = _table.GetHandle(_id);
        _now = DateTimeOffset.UtcNow;
        _baselineFile = MemoryMappedFile.CreateFromFile(Path.Combine(_folder, "baseline"), FileMode.Create, null, 4096);
        _baselineView = _baselineFile.CreateViewAccessor();
        byte* pointer = null;
        _baselineView.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _baselineWord = (long*)(pointer + 64);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _baselineView.SafeMemoryMappedViewHandle.ReleasePointer();
        _baselineView.Dispose();
        _baselineFile.Dispose();
        _table.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "baseline: Volatile.Write into a mapped view")]
    public void MappedVolatileWrite() => Volatile.Write(ref *_baselineWord, _now.UtcTicks);

    [Benchmark(Description = "heartbeat stamp by id")]
    public void StampHeartbeatById() => _table.StampHeartbeat(_id, _now);

    [Benchmark(Description = "heartbeat stamp by handle")]
    public void StampHeartbeatByHandle() => _table.StampHeartbeat(_handle, _now);

    [Benchmark(Description = "set status by id")]
    public void SetStatus() => _table.SetStatus(_id, ProcessStatus.Initialized);

    [Benchmark(Description = "lookup by id + consistent row read")]
    public ProcessRecord TryGetById() => _table.TryGet(_id, out var record) ? record : null!;

    [Benchmark(Description = "consistent row read by handle")]
    public ProcessRecord TryGetByHandle() => _table.TryGet(_handle, out var record) ? record : null!;

    [Benchmark(Description = "add + remove a row")]
    public bool AddRemove()
    {
        var id = WttProcessId.New();
        _table.Add(new ProcessRecord(id) { Pid = 1 });
        return _table.Remove(id);
    }
}
