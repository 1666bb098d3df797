// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.IO.MemoryMappedFiles;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <content>Opening, creating and checking the table file.</content>
public sealed unsafe partial class SharedMemoryProcessTable
{
    /// <summary>Opens the machine's table in <see cref="SharedMemoryProcessTableOptions.TableFolder"/>, creating it when missing.</summary>
    /// <param name="options">The options.</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <returns>The table; dispose it to unmap the file.</returns>
    /// <remarks>
    /// A table written during another boot has every local row marked <see cref="ProcessStatus.NotActive"/> and its
    /// locks cleared. An existing file keeps its own capacity.
    /// </remarks>
    /// <exception cref="WttException">
    /// <see cref="WttErrorCode.InvalidArgument"/> (bad options), <see cref="WttErrorCode.AccessDenied"/> (the folder or
    /// file cannot be written), <see cref="WttErrorCode.TableIncompatible"/> (a corrupt file or one of another layout version).
    /// </exception>
    public static SharedMemoryProcessTable Open(SharedMemoryProcessTableOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var folder = Path.GetFullPath(options.TableFolder);
        var path = Path.Combine(folder, TableLayout.FileName);
        FileStream? file = null;
        try
        {
            Directory.CreateDirectory(folder);
            using (LockFile.Acquire(Path.Combine(folder, TableLayout.InitLockFileName)))
            {
                file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                var (created, capacity) = PrepareFile(file, path, options.Capacity);
                var mapping = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
                var view = mapping.CreateViewAccessor(0, file.Length, MemoryMappedFileAccess.ReadWrite);
                var table = new SharedMemoryProcessTable(path, file, mapping, view, capacity, time ?? TimeProvider.System);
                if (created)
                {
                    table.Initialize();
                }
                else
                {
                    table.RecoverFromOtherBoot();
                }

                return table;
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException || (ex is IOException && ex is not EndOfStreamException && IsAccessError(ex)))
        {
            file?.Dispose();
            throw new WttException(WttErrorCode.AccessDenied, $"The process table folder {folder} cannot be written ({ex.Message}); give a writable TableFolder or fix the folder's permissions.", ex);
        }
        catch
        {
            file?.Dispose();
            throw;
        }
    }

    private static bool IsAccessError(Exception ex) => ex.HResult is 1 or 13 or 30 or unchecked((int)0x80070005);

    /// <summary>Checks an existing file's header, or sizes a new one.</summary>
    /// <returns>Whether the file is new and must be initialised, and its capacity.</returns>
    private static (bool Created, int Capacity) PrepareFile(FileStream file, string path, int capacity)
    {
        if (file.Length == 0)
        {
            file.SetLength(TableLayout.FileSize(capacity));
            return (true, capacity);
        }

        Span<byte> raw = stackalloc byte[64];
        if (file.Length < TableLayout.HeaderSize || file.Read(raw) < raw.Length)
        {
            throw Incompatible(path, $"it is {file.Length} bytes, shorter than a table header");
        }

        var magic = BitConverter.ToUInt64(raw);
        if (magic == 0 && raw.IndexOfAnyExcept((byte)0) < 0)
        {
            // A creator died before writing the header: the file holds no rows yet.
            file.SetLength(TableLayout.FileSize(capacity));
            return (true, capacity);
        }

        if (magic != TableLayout.Magic)
        {
            throw Incompatible(path, "its header is corrupt (no Wtt table magic)");
        }

        var version = BitConverter.ToInt32(raw[8..]);
        if (version != TableLayout.Version)
        {
            throw Incompatible(path, $"it has layout version {version}, and this Wtt reads version {TableLayout.Version}");
        }

        var fileCapacity = BitConverter.ToInt32(raw[12..]);
        var rowSize = BitConverter.ToInt32(raw[16..]);
        var headerSize = BitConverter.ToInt32(raw[20..]);
        if (fileCapacity is < 1 or > SharedMemoryProcessTableOptions.MaxCapacity || rowSize != TableLayout.RowSize
            || headerSize != TableLayout.HeaderSize || file.Length < TableLayout.FileSize(fileCapacity))
        {
            throw Incompatible(path, $"its header is corrupt (capacity {fileCapacity}, row size {rowSize}, header size {headerSize}, length {file.Length})");
        }

        return (false, fileCapacity);
    }

    private static WttException Incompatible(string path, string why)
        => new(WttErrorCode.TableIncompatible, $"The process table file {path} cannot be used: {why}. It was left untouched; stop the processes that use it and delete it, or give another TableFolder.");

    private void Initialize()
    {
        _header->LayoutVersion = TableLayout.Version;
        _header->Capacity = Capacity;
        _header->RowSize = TableLayout.RowSize;
        _header->HeaderSize = TableLayout.HeaderSize;
        _header->BootId = BootId.Current;
        Volatile.Write(ref _header->Magic, TableLayout.Magic);
    }

    private void RecoverFromOtherBoot()
    {
        var boot = BootId.Current;
        if (_header->BootId == boot)
        {
            return;
        }

        // Every process of the other boot is gone: clear the locks and the sleepers' counts, make torn rows whole, end the local rows.
        _header->GlobalLock = 0;
        _header->Waiters = 0;
        var count = 0;
        for (var slot = 0; slot < Capacity; slot++)
        {
            var row = Row(slot);
            row->Lock = 0;
            row->EventSleepers = 0; // no event thread of the other boot sleeps any more
            if ((row->Seq & 1) != 0)
            {
                RepairRow(row);
            }

            if (row->InUse == 0)
            {
                continue;
            }

            count++;
            var status = (ProcessStatus)row->Status;
            if (row->MachineLength == 0 && !status.IsEnded())
            {
                row->Status = (long)ProcessStatus.NotActive;
                row->Seq += 2;
            }
        }

        _header->Count = count;
        _header->Membership++;
        _header->BootId = boot;
        BumpChange();
    }
}
