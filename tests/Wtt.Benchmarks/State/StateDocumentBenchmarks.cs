// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Wtt.Core;

namespace Wtt.Benchmarks.State;

/// <summary>
/// The state folder's writes that a local create pays (issue 13): the first document of a new process, and the end of a
/// process (the output's <c>complete</c> marker and the document's end fields). Baseline: the same document's bytes
/// written the way a hand-written atomic write does it in .NET, <see cref="File.WriteAllBytes(string, byte[])"/> to a
/// temporary file and <see cref="File.Move(string, string, bool)"/> over the document, in one folder that already exists.
/// Each invocation works on a process folder of its own (made for the end rows before the iteration); the folders are
/// removed after each iteration, so the file system does not fill up over a run.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 3, iterationCount: 15, invocationCount: Invocations)]
public class StateDocumentBenchmarks
{
    private const int Invocations = 5000;
    private readonly Queue<WttProcessId> prepared = new();
    private string folder = null!;
    private FolderProcessStateStore store = null!;
    private byte[] documentBytes = null!;
    private string baselineFolder = null!;

    [GlobalSetup]
    public void Setup()
    {
        folder = Lifecycle.BenchFolder.Create();
        store = new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(folder, "state") });
        baselineFolder = Path.Combine(folder, "baseline");
        Directory.CreateDirectory(baselineFolder);
        documentBytes = JsonSerializer.SerializeToUtf8Bytes(Started(new ProcessStateDocument(WttProcessId.New())), StateJson.Options);
    }

    [GlobalCleanup]
    public void Cleanup() => Lifecycle.BenchFolder.Delete(folder);

    [IterationSetup(Targets = [nameof(EndOfProcess), nameof(EndInTheMarker)])]
    public void PrepareEnds()
    {
        prepared.Clear();
        for (var i = 0; i < Invocations; i++)
        {
            var id = WttProcessId.New();
            _ = store.UpdateAsync(id, Started).AsTask().GetAwaiter().GetResult();
            prepared.Enqueue(id);
        }
    }

    [IterationCleanup]
    public void RemoveFolders()
    {
        var root = store.RootFolder;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Benchmark(Baseline = true, Description = "File.WriteAllBytes + File.Move")]
    public void AtomicWrite()
    {
        var temp = Path.Combine(baselineFolder, "state.tmp");
        File.WriteAllBytes(temp, documentBytes);
        File.Move(temp, Path.Combine(baselineFolder, "state.json"), overwrite: true);
    }

    [Benchmark(Description = "first document, UpdateAsync")]
    public ValueTask<ProcessStateDocument> FirstByUpdate() => store.UpdateAsync(WttProcessId.New(), Started);

    [Benchmark(Description = "first document, CreateAsync (no lock file)")]
    public ValueTask<ProcessStateDocument> FirstByCreate() => store.CreateAsync(WttProcessId.New(), Started);

    [Benchmark(Description = "end: complete marker + UpdateAsync")]
    public async Task EndOfProcess()
    {
        var id = prepared.Dequeue();
        await store.CompleteOutputAsync(id).ConfigureAwait(false);
        _ = await store.UpdateAsync(id, static doc => doc with { LastStatus = ProcessStatus.Exited, ExitCode = 0, EndedAt = DateTimeOffset.UtcNow }).ConfigureAwait(false);
    }

    [Benchmark(Description = "end: RecordEnd (the end in the complete marker)")]
    public bool EndInTheMarker() => store.RecordEnd(prepared.Dequeue(), ProcessStatus.Exited, 0, DateTimeOffset.UtcNow);

    /// <summary>The document a local create writes first.</summary>
    private static ProcessStateDocument Started(ProcessStateDocument document) => document with
    {
        FileName = "/bin/true",
        Kind = ProcessKind.Plain,
        LastStatus = ProcessStatus.Created,
        UpdatedAt = DateTimeOffset.UtcNow,
    };
}
