// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Wtt.Core.Launching.Native;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>
/// State folders on disk: <c>&lt;root&gt;/&lt;uuid&gt;/</c> holds <c>state.json</c> (the document, written whole to a
/// temporary file and renamed over the old one), <c>stdout.log</c> and <c>stderr.log</c> (appended), each with a chunk
/// index (<c>stdout.log.idx</c>, <c>stderr.log.idx</c>: the end offset of every append) so readers return the chunks as
/// they were appended, and a <c>complete</c> marker once the output is complete, which holds the process's end (status,
/// exit code, time) as JSON when the engine that ran it recorded the end there (<see cref="RecordEnd"/>): reads show
/// that end until the document has one of its own.
/// </summary>
/// <remarks>
/// Thread-safe and safe across processes: writers of one process queue on a per-process semaphore, and
/// writers of different processes on an exclusive lock file in the folder (released by the kernel if the
/// holder dies). A first document needs no lock: it is renamed into place only if no document is there, and a locked
/// writer that found none places its own the same way (see <see cref="CreateAsync"/>). Readers take no lock: a rename
/// is atomic, so they see the old or the
/// new document, never a mix. Followers of output are woken at once by appends through this instance, and by a
/// 25 ms real-time poll for appends by other processes (a poll, not a FileSystemWatcher, so it works the same on
/// every file system and never runs out of inotify instances). The folder's last-write time is set from the
/// injected <see cref="TimeProvider"/> on every write (with the system's clock, a write that adds or renames an
/// entry keeps the stamp the kernel gave the folder), and cleanup judges age by it. A store of a machine (or of a
/// Wtt-based process) counts each document it writes in the process's row of the machine's table, and reads a running
/// process's document again without a system call while that count stays: a document changed other than through such
/// a store (by hand, say) shows within <see cref="VersionTrust"/>.
/// </remarks>
public sealed partial class FolderProcessStateStore : IProcessStateStore
{
    private readonly TimeProvider _time;

    /// <summary>Whether <see cref="_time"/> is the system's clock, by which the kernel stamps a folder whose entries change.</summary>
    private readonly bool _systemClock;
    private readonly ConcurrentDictionary<WttProcessId, SemaphoreSlim> _writers = new();

    /// <summary>Whether the root folder's file system refused an unnamed file once; new files are then written under a temporary name and moved.</summary>
    private volatile bool _noUnnamedFiles;

    /// <summary>The root folder kept open, which new files are named from (see <see cref="TryCreateWhole"/>).</summary>
    private readonly KeptFolder _root;

    /// <summary>The length of the root's path with the separator after it (none is added to a root given with one).</summary>
    private readonly int _underRoot;

    /// <summary>
    /// How long a kept document whose count of writes has not moved is answered without a check of its file
    /// (<see cref="FolderProcessStateStoreOptions.DocumentVersions"/>): the longest a change made other than through a
    /// store that knows the table goes unseen.
    /// </summary>
    internal static readonly TimeSpan VersionTrust = TimeSpan.FromSeconds(1);

    /// <summary>Initializes a store.</summary>
    /// <param name="options">The options.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>.</exception>
    public FolderProcessStateStore(FolderProcessStateStoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        RootFolder = Path.GetFullPath(options.RootFolder);
        _root = new KeptFolder(RootFolder);
        _underRoot = Path.Combine(RootFolder, "_").Length - 1;
        _time = time ?? TimeProvider.System;
        _systemClock = ReferenceEquals(_time, TimeProvider.System);
    }

    /// <summary>Gets the options.</summary>
    public FolderProcessStateStoreOptions Options { get; }

    /// <summary>Gets the full path of the root folder.</summary>
    public string RootFolder { get; }

    /// <inheritdoc/>
    public ValueTask<ProcessStateDocument?> ReadAsync(WttProcessId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // The count of the document's writes before the file: a document read after it is at least as new as the writes
        // it counts. A kept document (an ended one's with its end) current by the count needs no paths made.
        var document = ReadDocument(id, withRecordedEnd: true, Options.DocumentVersions?.Read(id));
        return new(document ?? (Directory.Exists(FolderOf(id).Path) ? new ProcessStateDocument(id) : null));
    }

    /// <inheritdoc/>
    public async ValueTask<ProcessStateDocument> UpdateAsync(WttProcessId id, Func<ProcessStateDocument, ProcessStateDocument> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await WriteLockedAsync(id, folder =>
        {
            var current = ReadDocument(id, withRecordedEnd: true, version: null, folder);
            var next = Changed(id, current ?? new ProcessStateDocument(id), change);
            if (!WriteDocument(folder, next, replace: current is not null))
            {
                // A first document went in meanwhile without the lock (CreateAsync): the change applies to it.
                next = Changed(id, ReadDocument(id, withRecordedEnd: true, version: null, folder) ?? new ProcessStateDocument(id), change);
                _ = WriteDocument(folder, next, replace: true);
            }

            return Task.FromResult(next);
        }, changesEntries: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a process's first document: <paramref name="change"/> applied to an empty document goes in without the
    /// folder's lock file (a <c>mkdir</c>, a temporary file and a rename that fails if a document is there: 5 system
    /// calls, where an update takes 9). When the folder already holds a document (the process wrote its own first, or
    /// this instance is writing to it now), the change is an update of that document, under the lock.
    /// </summary>
    /// <remarks>
    /// Safe beside any other writer: a locked update that found no document also places its own only if none is there,
    /// and applies its change to the one it finds otherwise (see <see cref="UpdateAsync"/>).
    /// </remarks>
    /// <param name="id">The process.</param>
    /// <param name="change">Fills in the document; applied to an empty one, or to the folder's own when it has one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document written.</returns>
    internal async ValueTask<ProcessStateDocument> CreateAsync(WttProcessId id, Func<ProcessStateDocument, ProcessStateDocument> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();
        var folder = FolderOf(id);

        // Made before the folder, so a change that throws leaves nothing behind.
        var next = Changed(id, new ProcessStateDocument(id), change);
        var gate = _writers.GetOrAdd(id, static _ => new SemaphoreSlim(1, 1));
        if (gate.Wait(0))
        {
            try
            {
                MakeFolder(folder);
                if (WriteDocument(folder, next, replace: false))
                {
                    TouchUnlessStamped(folder, changedEntries: true);
                    return next;
                }
            }
            finally
            {
                gate.Release();
            }
        }

        return await UpdateAsync(id, change, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies a change to a document, checks it kept the id, and stamps it with the time of the write.</summary>
    private ProcessStateDocument Changed(WttProcessId id, ProcessStateDocument current, Func<ProcessStateDocument, ProcessStateDocument> change)
    {
        var next = change(current);
        return next is null || next.Id != id
            ? throw WttException.InvalidArgument($"The change of the state of process {id} returned a document with another id ({next?.Id}); keep the id.")
            : next with { UpdatedAt = _time.GetUtcNow() };
    }

    /// <summary>
    /// Runs a write to a process's folder (created if needed) under the process-wide gate of that id and the
    /// folder's lock file, so writers in this and other processes go one at a time; stamps the folder after (see
    /// <see cref="TouchUnlessStamped"/>: <paramref name="changesEntries"/> tells whether the write adds, removes or
    /// renames an entry of the folder).
    /// </summary>
    private async Task<T> WriteLockedAsync<T>(WttProcessId id, Func<StateFolder, Task<T>> write, bool changesEntries, CancellationToken cancellationToken)
    {
        var folder = FolderOf(id);
        var first = !_writers.TryGetValue(id, out var gate);
        gate ??= _writers.GetOrAdd(id, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (first)
            {
                CreateFolder(folder);
            }

            SafeFileHandle lockFile;
            try
            {
                lockFile = await LockFile.AcquireAsync(folder.LockFile, cancellationToken).ConfigureAwait(false);
            }
            catch (DirectoryNotFoundException)
            {
                // Deleted since this instance first wrote to it (a first write makes it above): made again here rather
                // than probed before every write.
                CreateFolder(folder);
                lockFile = await LockFile.AcquireAsync(folder.LockFile, cancellationToken).ConfigureAwait(false);
            }

            using (lockFile)
            {
                var result = await write(folder).ConfigureAwait(false);
                TouchUnlessStamped(folder, changesEntries);
                return result;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A write of this instance to the folder finishes first. A file another writer adds while the folder is being
    /// deleted (another process's, or the marker that ends a process's output) is deleted in a second pass; a writer
    /// that writes after the delete makes the folder again. An end recorded here and still waiting for its write
    /// (<see cref="RecordEndBehind"/>) is dropped.
    /// </remarks>
    public async ValueTask<bool> DeleteAsync(WttProcessId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var folder = FolderOf(id);
        DropPendingEnd(id);
        var gate = _writers.TryGetValue(id, out var writer) ? writer : null;
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (!Directory.Exists(folder.Path))
                {
                    return false;
                }

                try
                {
                    Directory.Delete(folder.Path, recursive: true);
                    break;
                }
                catch (DirectoryNotFoundException)
                {
                    return false;
                }
                catch (IOException) when (attempt < DeleteAttempts)
                {
                    // A file was added while the folder was being emptied: another pass deletes it.
                }
                catch (IOException ex)
                {
                    throw new WttException(WttErrorCode.Unknown, $"The state folder {folder.Path} kept getting new files while it was deleted ({ex.Message}); stop the process's writers (end it and dispose its handle) first.", ex, id);
                }
            }
        }
        finally
        {
            gate?.Release();
        }

        _writers.TryRemove(id, out _);
        Forget(id);
        Notify(id);
        return true;
    }

    /// <summary>How many times <see cref="DeleteAsync"/> empties a folder that writers keep adding to.</summary>
    private const int DeleteAttempts = 5;

    private StateFolder FolderOf(WttProcessId id)
        => id.IsNil ? throw WttException.InvalidArgument("The process id is nil; give the id of a process.") : StateFolder.Of(RootFolder, id);

    /// <summary>
    /// Makes a process's folder: one <c>mkdir</c> on Linux when the root folder is there; otherwise (the root missing,
    /// the system refusing, another system) <see cref="Directory.CreateDirectory(string)"/> makes the parents or says why.
    /// </summary>
    private void MakeFolder(StateFolder folder)
    {
        if (OperatingSystem.IsLinux() && (LibC.mkdir(folder.Path, Convert.ToInt32("777", 8)) == 0 || System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == LibC.EEXIST))
        {
            return;
        }

        CreateFolder(folder);
    }

    private void CreateFolder(StateFolder folder)
    {
        try
        {
            Directory.CreateDirectory(folder.Path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw CannotCreate(folder, ex);
        }
    }

    private static WttException CannotCreate(StateFolder folder, UnauthorizedAccessException ex)
        => new(WttErrorCode.AccessDenied, $"The state folder {folder.Path} cannot be created ({ex.Message}); give a writable RootFolder.", ex);

    /// <summary>
    /// Sets the folder's last-write time from the injected clock after a write, which cleanup judges age by. A write
    /// that added, removed or renamed one of the folder's entries (<paramref name="changedEntries"/>) has had the folder
    /// stamped by the kernel already, by the system's clock: with that clock there is nothing to set.
    /// </summary>
    private void TouchUnlessStamped(StateFolder folder, bool changedEntries)
    {
        if (!changedEntries || !_systemClock)
        {
            Touch(folder);
        }
    }

    /// <summary>Sets the folder's last-write time from the injected clock, which cleanup judges age by.</summary>
    private void Touch(StateFolder folder)
    {
        try
        {
            _ = SmallFile.TrySetLastWriteTime(folder.Path, _time.GetUtcNow().UtcDateTime); // false: deleted meanwhile
        }
        catch (IOException)
        {
            // The time could not be set: the folder keeps the time of its last change.
        }
    }

    /// <summary>Writes the document whole to a temporary file and renames it into place.</summary>
    /// <returns><see langword="false"/> when <paramref name="replace"/> is not set and a document is there: nothing was written.</returns>
    private bool WriteDocument(StateFolder folder, ProcessStateDocument document, bool replace)
    {
        // A document is a few hundred bytes to a few KB: it is serialized to memory and written with one write, on
        // this thread (a FileStream's async writes would each hop to the thread pool, and its open adds a flock).
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, StateJson.Options);
        if (!Place(folder, folder.Document, bytes, replace))
        {
            return false;
        }

        // After the rename: a reader that sees the count moved finds the new file.
        Options.DocumentVersions?.Written(document.Id);

        // The next read of these same bytes (the next update's, under the same lock) needs no parse. What is kept is a
        // copy whose lists nobody else holds, so a caller changing a list it passed in does not change what reads return.
        Remember(document.Id, bytes, document, copyLists: true);
        return true;
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> whole to a temporary file of the folder and renames it to <paramref name="target"/>:
    /// over what is there with <paramref name="replace"/>, otherwise only if nothing is. A reader sees the old file or the
    /// new one, never a part. A new file (not <paramref name="replace"/>) is written unnamed and linked into place
    /// where the file system can (<see cref="SmallFile.TryCreateWhole"/>): the end of every process is such a file.
    /// </summary>
    /// <returns><see langword="false"/> when <paramref name="replace"/> is not set and the target is there: nothing was written.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder is not there (no temporary file is left).</exception>
    private bool Place(StateFolder folder, string target, ReadOnlySpan<byte> bytes, bool replace)
    {
        if (!replace && !_noUnnamedFiles)
        {
            if (TryCreateWhole(folder, target, bytes) is { } made)
            {
                return made;
            }

            _noUnnamedFiles = true;
        }

        var temp = folder.NewTempFile();
        try
        {
            SmallFile.Create(temp, bytes, replace: false);
            if (replace)
            {
                SmallFile.Replace(temp, target);
                return true;
            }

            if (SmallFile.TryMoveNew(temp, target))
            {
                return true;
            }
        }
        catch (Exception ex) when (ex is not DirectoryNotFoundException)
        {
            File.Delete(temp);
            throw;
        }

        File.Delete(temp);
        return false;
    }

    /// <summary>
    /// Makes a new file whole (<see cref="SmallFile.TryCreateWhole"/>), named from the root folder kept open: the
    /// kernel walks the process's folder and the file's name, not the root's path again. When that fails, the full
    /// paths decide (and name the files in an error): a call that then succeeds tells that the kept root was deleted or
    /// moved and a new one made at its path, so the kept one is dropped. A root moved away with a process's folder in
    /// it keeps getting that process's new files until then: moving the root of a machine in use is not supported.
    /// </summary>
    /// <returns>As <see cref="SmallFile.TryCreateWhole"/>.</returns>
    private bool? TryCreateWhole(StateFolder folder, string target, ReadOnlySpan<byte> bytes)
    {
        // Every folder is the root's and every target one of its folder's files (FolderOf, StateFolder): they are named
        // from the root by what follows its path and separator.
        if (folder.Path.StartsWith(RootFolder, StringComparison.Ordinal) && _root.Rent() is { } root)
        {
            try
            {
                var directory = (int)root.DangerousGetHandle();
                return SmallFile.TryCreateWhole(folder.Path[_underRoot..], target[_underRoot..], bytes, directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var made = SmallFile.TryCreateWhole(folder.Path, target, bytes);
                _root.Drop(root);
                return made;
            }
            finally
            {
                root.DangerousRelease();
            }
        }

        return SmallFile.TryCreateWhole(folder.Path, target, bytes);
    }
}
