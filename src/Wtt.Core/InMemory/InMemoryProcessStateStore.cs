// Copyright (c) Wtt developers. Licensed under the MIT license.


namespace Wtt.Core;

/// <summary>
/// State folders held in this process's memory: the test double of the machine's state folders. Each
/// process has a document and its captured console output; age is measured with the injected clock.
/// </summary>
/// <remarks>
/// Thread-safe. Updates of one process run one after the other and each sees the last; followers of
/// output are woken by each append (no polling) and end when the output is completed or deleted.
/// </remarks>
public sealed partial class InMemoryProcessStateStore : IProcessStateStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<WttProcessId, Folder> folders = [];
    private readonly TimeProvider timeProvider;

    /// <summary>Initializes an empty store on the system clock.</summary>
    public InMemoryProcessStateStore()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Initializes an empty store.</summary>
    /// <param name="timeProvider">The clock that stamps <see cref="ProcessStateDocument.UpdatedAt"/> and judges age in <see cref="CleanupAsync"/>.</param>
    public InMemoryProcessStateStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.timeProvider = timeProvider;
    }

    /// <summary>Gets the ids of the processes that have a state folder.</summary>
    /// <returns>The ids, in no particular order.</returns>
    public IReadOnlyList<WttProcessId> GetIds()
    {
        lock (gate)
        {
            return [.. folders.Where(f => f.Value.Document is not null).Select(f => f.Key)];
        }
    }

    /// <inheritdoc/>
    public ValueTask<ProcessStateDocument?> ReadAsync(WttProcessId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return ValueTask.FromResult(folders.TryGetValue(id, out var folder) ? folder.Document : null);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a nil id, or a change that returns another id.</exception>
    public ValueTask<ProcessStateDocument> UpdateAsync(WttProcessId id, Func<ProcessStateDocument, ProcessStateDocument> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        RequireId(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            var folder = FolderOf(id);
            var current = folder.Document ?? new ProcessStateDocument(id);
            var next = change(current) ?? throw WttException.InvalidArgument($"The change of the state of {id} returned null; return the new document (current with {{ ... }}).");
            if (next.Id != id)
            {
                throw WttException.InvalidArgument($"The change of the state of {id} changed its id to {next.Id}; a document keeps its process's id.");
            }

            folder.Document = next with { UpdatedAt = timeProvider.GetUtcNow() };
            return ValueTask.FromResult(folder.Document);
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(WttProcessId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!folders.Remove(id, out var folder))
            {
                return ValueTask.FromResult(false);
            }

            folder.Close();
            return ValueTask.FromResult(folder.Document is not null);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: a negative retention.</exception>
    public ValueTask<int> CleanupAsync(TimeSpan retention, CancellationToken cancellationToken = default)
    {
        if (retention < TimeSpan.Zero)
        {
            throw WttException.InvalidArgument($"The retention is {retention}; give zero or more (3 days by default).");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = timeProvider.GetUtcNow();
        List<Folder> old = [];
        lock (gate)
        {
            foreach (var (id, folder) in folders.ToList())
            {
                if (folder.Document is { } document && now - document.UpdatedAt > retention)
                {
                    folders.Remove(id);
                    folder.Close();
                    old.Add(folder);
                }
            }
        }

        return ValueTask.FromResult(old.Count);
    }

    private static void RequireId(WttProcessId id)
    {
        if (id.IsNil)
        {
            throw WttException.InvalidArgument("The process id is nil; pass the id of a process.");
        }
    }

    /// <summary>Gets or makes a folder; call under the gate.</summary>
    private Folder FolderOf(WttProcessId id)
    {
        if (!folders.TryGetValue(id, out var folder))
        {
            folder = new Folder();
            folders.Add(id, folder);
        }

        return folder;
    }
}
