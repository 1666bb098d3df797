// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wtt.Core.Platform;

namespace Wtt.Core;

/// <summary>
/// The threads that sleep on the change counters of every table of this process that has a pending wait. With
/// futex_waitv one thread serves up to 127 tables (plus its own control word, bumped when a table joins); an in-process
/// lab of 1,000 machines waits on 8 threads, not 1,000. Without it (Linux before 5.16) a thread serves one table with
/// FUTEX_WAIT, and elsewhere one thread polls every table each 10 ms. A thread ends when its last table leaves, and
/// its group (with its control word) leaves the list of groups with it, so nothing of a lab outlives its tables.
/// </summary>
internal sealed unsafe class TableWatchGroup
{
    private const int BackstopMilliseconds = 1000;
    private const int PollMilliseconds = 10;

    private static readonly Lock AllGate = new();
    private static readonly List<TableWatchGroup> All = [];
    private static readonly int Capacity = !Futex.IsSupported ? int.MaxValue : Futex.IsWaitManySupported ? Futex.MaxWords - 1 : 1;

    private readonly Lock _gate = new();
    private readonly List<ChangeWatcher> _watchers = [];
    private readonly int[] _controlWord = GC.AllocateArray<int>(1, pinned: true);
    private readonly int* _control;
    private Thread? _thread;
    private volatile bool _retired;

    private TableWatchGroup()
    {
        // On the pinned object heap, the word never moves and is freed with the group.
        _control = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_controlWord));
    }

    /// <summary>Gets the number of threads that watch tables now (for tests and diagnostics).</summary>
    public static int ThreadCount
    {
        get
        {
            lock (AllGate)
            {
                return All.Count(group => group._thread is not null);
            }
        }
    }

    /// <summary>Gets the number of groups without a thread (for tests and diagnostics): 0 but for a moment when a group is made or retired.</summary>
    public static int IdleGroupCount
    {
        get
        {
            lock (AllGate)
            {
                return All.Count(group => group._thread is null);
            }
        }
    }

    /// <summary>Adds a table's watcher to a group with room, starting the group's thread if it sleeps.</summary>
    /// <param name="watcher">The watcher, which has pending waits.</param>
    public static void Attach(ChangeWatcher watcher)
    {
        while (true)
        {
            TableWatchGroup? group;
            lock (AllGate)
            {
                group = All.FirstOrDefault(g => g.Count < Capacity);
                if (group is null)
                {
                    group = new TableWatchGroup();
                    All.Add(group);
                }
            }

            var added = group.TryAdd(watcher);
            if (group._retired)
            {
                lock (AllGate)
                {
                    _ = All.Remove(group);
                }
            }

            if (added)
            {
                return;
            }
        }
    }

    /// <summary>Removes a watcher from every group; once this returns no watch thread reads its table's memory.</summary>
    /// <param name="watcher">The watcher, already marked disposed.</param>
    public static void Detach(ChangeWatcher watcher)
    {
        TableWatchGroup[] groups;
        lock (AllGate)
        {
            groups = [.. All];
        }

        foreach (var group in groups)
        {
            group.Remove(watcher);
        }
    }

    private int Count
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    private bool TryAdd(ChangeWatcher watcher)
    {
        lock (_gate)
        {
            if (watcher.IsDisposed || _watchers.Contains(watcher))
            {
                // A group just made for a watcher disposed meanwhile has no thread to retire it: retire it here.
                _retired |= _thread is null && _watchers.Count == 0;
                return true;
            }

            if (_retired || _watchers.Count >= Capacity)
            {
                return false;
            }

            _watchers.Add(watcher);
            watcher.CountWaiter(+1);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "Wtt table watcher" };
                _thread.Start();
            }
        }

        WakeControl();
        return true;
    }

    private void Remove(ChangeWatcher watcher)
    {
        bool removed;
        lock (_gate)
        {
            removed = _watchers.Remove(watcher);
            if (removed)
            {
                watcher.CountWaiter(-1);
            }
        }

        if (removed)
        {
            WakeControl();
        }
    }

    private void WakeControl()
    {
        Interlocked.Increment(ref *_control);
        if (Futex.IsWaitManySupported)
        {
            Futex.WakeAll(_control);
        }
    }

    private void Run()
    {
        Span<nint> words = stackalloc nint[Futex.MaxWords];
        Span<int> seen = stackalloc int[Futex.MaxWords];
        while (true)
        {
            var count = 0;
            lock (_gate)
            {
                // The control word first: a table that joins after this read wakes the sleep below.
                words[count] = (nint)_control;
                seen[count++] = Volatile.Read(ref *_control);
                for (var i = _watchers.Count - 1; i >= 0; i--)
                {
                    var watcher = _watchers[i];
                    var word = watcher.Word;
                    var before = Volatile.Read(ref *word);
                    if (watcher.IsDisposed || !watcher.CheckAll())
                    {
                        _watchers.RemoveAt(i);
                        watcher.CountWaiter(-1);
                    }
                    else if (count < words.Length)
                    {
                        words[count] = (nint)word;
                        seen[count++] = before;
                    }
                }

                if (_watchers.Count == 0)
                {
                    // A retired group takes no table: Attach picks or makes another.
                    _thread = null;
                    _retired = true;
                }
            }

            if (_retired)
            {
                lock (AllGate)
                {
                    _ = All.Remove(this);
                }

                return;
            }

            if (Futex.IsWaitManySupported)
            {
                Futex.WaitMany(words[..count], seen[..count], BackstopMilliseconds);
            }
            else if (Futex.IsSupported)
            {
                Futex.Wait((int*)words[1], seen[1], BackstopMilliseconds);
            }
            else
            {
                Thread.Sleep(PollMilliseconds);
            }
        }
    }
}
