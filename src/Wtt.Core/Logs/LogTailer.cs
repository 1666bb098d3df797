// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;

namespace Wtt.Core.Logs;

/// <summary>
/// Follows one log file like <c>tail -f</c>: from a chosen start, through appends, truncation (the file
/// shrinks) and rotation (the path names a new file), until the owner says stop.
/// </summary>
/// <remarks>
/// Wakes on file-system notifications (inotify on Linux) and, as a fallback, on a poll interval measured
/// by the injected clock. Rotation is detected on Linux by the path naming a file of another device and
/// inode than the one open; elsewhere by the file shrinking under the read position. The file is opened by
/// <see cref="LogFileOpener"/>: a symbolic link (or anything but a regular file) at the registered path,
/// first or after a rotation, fails the tail with <see cref="WttErrorCode.AccessDenied"/>.
/// </remarks>
internal sealed class LogTailer
{
    private const int BufferSize = 64 * 1024;
    private readonly WttProcessId processId;
    private readonly LogFileInfo log;
    private readonly TimeProvider time;
    private readonly TimeSpan pollInterval;
    private (ulong Device, ulong Inode) identity;

    public LogTailer(WttProcessId processId, LogFileInfo log, TimeProvider time, TimeSpan pollInterval)
    {
        this.processId = processId;
        this.log = log;
        this.time = time;
        this.pollInterval = pollInterval;
    }

    /// <summary>Reads the log.</summary>
    /// <param name="options">Where to start and whether to follow.</param>
    /// <param name="ended">Tells whether the writer has ended; the tail stops once it has and the rest is read.</param>
    /// <param name="cancellationToken">Ends the tail.</param>
    /// <returns>The chunks.</returns>
    public async IAsyncEnumerable<OutputChunk> ReadAsync(TailOptions options, Func<bool> ended, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var changed = new ChangeSignal(log.Path);
        FileStream? stream = null;
        var restarted = false;
        var first = true;
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var endedBeforeRead = ended();
                stream ??= TryOpen(first ? options : null, ref restarted);
                first &= stream is null;
                if (stream is not null)
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        yield return new OutputChunk(processId, OutputSource.Log, stream.Position - read, buffer.AsSpan(0, read).ToArray())
                        {
                            LogName = log.Name,
                            Restarted = restarted,
                        };
                        restarted = false;
                    }

                    if (WasReplaced(stream))
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                        stream = null;
                        restarted = true;
                        continue;
                    }
                }

                if (!options.Follow || endedBeforeRead)
                {
                    yield break;
                }

                await changed.WaitAsync(pollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private FileStream? TryOpen(TailOptions? start, ref bool restarted)
    {
        var stream = LogFileOpener.TryOpen(log, out identity);
        if (stream is null)
        {
            return null;
        }

        var length = stream.Length;
        stream.Position = start is null ? 0 : start.Start switch
        {
            TailStart.Offset => Math.Min(start.Offset, length),
            TailStart.LastBytes => Math.Max(0, length - start.Offset),
            TailStart.End => length,
            _ => 0,
        };
        restarted &= stream.Position == 0;
        return stream;
    }

    /// <summary>Tells whether the path now names another file (rotation) or the file shrank under us (truncation).</summary>
    private bool WasReplaced(FileStream stream)
    {
        if (stream.Length < stream.Position)
        {
            return true;
        }

        // Rotation: the path now names another file (or a link, or nothing yet). What is there is opened again
        // through LogFileOpener, which refuses a link; the old file's rest was read above.
        return OperatingSystem.IsLinux() && !(LogFileOpener.TryIdentifyPath(log.Path, out var now) && now == identity);
    }
}
