// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Win32.SafeHandles;
using Wtt.Core.Launching.Native;

namespace Wtt.Core.Platform;

/// <summary>
/// A folder kept open (<c>O_PATH</c>, Linux) so that calls name what is under it by a path relative to it: the kernel
/// then looks up only the components below the folder, not each component of the folder's own path again at every
/// call (tests/Wtt.Benchmarks/Lifecycle/README.md, twentieth pass: a fifth of an unnamed file's <c>open</c> was that
/// walk).
/// </summary>
/// <remarks>
/// The descriptor is opened at the first use and follows the folder itself: a folder deleted (or moved) and made again
/// at the same path is a new folder, which the caller tells by a call that fails relative to the old one but not by the
/// path; the caller then drops the descriptor (<see cref="Drop"/>) and the next use opens the new folder.
/// </remarks>
/// <param name="path">The folder's full path.</param>
internal sealed class KeptFolder(string path)
{
    private readonly Lock _gate = new();
    private SafeFileHandle? _handle;

    /// <summary>
    /// Gets the open folder with a reference taken, which the caller gives back
    /// (<see cref="System.Runtime.InteropServices.SafeHandle.DangerousRelease"/>), so a <see cref="Drop"/> meanwhile
    /// closes it only after the caller is done; <see langword="null"/> off Linux or when the folder cannot be opened
    /// (then use its full path).
    /// </summary>
    /// <returns>The handle, or <see langword="null"/>.</returns>
    public SafeFileHandle? Rent()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var handle = Volatile.Read(ref _handle) ?? Open();
        if (handle is null)
        {
            return null;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            // Dropped between the read and the reference: this call uses the full path.
        }

        return added ? handle : null;
    }

    /// <summary>Forgets a descriptor found stale (the folder deleted or moved); it closes once no caller uses it.</summary>
    /// <param name="stale">The handle <see cref="Rent"/> gave.</param>
    public void Drop(SafeFileHandle stale)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_handle, stale))
            {
                _handle = null;
            }
        }

        stale.Dispose();
    }

    private SafeFileHandle? Open()
    {
        lock (_gate)
        {
            if (_handle is null)
            {
                var fd = LibC.open(path, LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_CLOEXEC);
                if (fd < 0)
                {
                    return null;
                }

                _handle = new SafeFileHandle(fd, ownsHandle: true);
            }

            return _handle;
        }
    }
}
