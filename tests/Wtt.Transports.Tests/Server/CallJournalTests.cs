// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Tests.Server;

public sealed class CallJournalTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "wtt-journal-" + Guid.NewGuid().ToString("N"));

    /// <summary>Removes the test's journal folder, if the test left one.</summary>
    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void NextInstance_TellsEachCallerTheCallsThePreviousOneDidNotFinish()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var (done, open, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        using (var first = new CallJournal(8, folder))
        {
            first.Begin(a, done);
            first.Begin(a, open);
            first.End(a, done);
            first.Begin(b, other);
            first.End(b, other);
            Assert.Equal([(done, true), (open, false)], first.Recent(a));
        }

        using var second = new CallJournal(8, folder);

        Assert.Equal([open], second.UnfinishedByPrevious(a));
        Assert.Empty(second.UnfinishedByPrevious(b));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KilledInstance_HasWrittenEveryLineAsItHappened(bool mapped)
    {
        var caller = Guid.NewGuid();
        var (done, open) = (Guid.NewGuid(), Guid.NewGuid());
        var killed = new CallJournal(8, folder, mapped);
        killed.Begin(caller, done);
        killed.End(caller, done);
        killed.Begin(caller, open);

        // Not disposed: what a killed agent leaves is what the file holds now.
        using var next = new CallJournal(8, folder);

        Assert.Equal([open], next.UnfinishedByPrevious(caller));
        killed.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LongLife_CompactsTheFile_AndStillNamesExactlyTheOpenCalls(bool mapped)
    {
        var caller = Guid.NewGuid();
        var open = new List<Guid>();
        var killed = new CallJournal(64, folder, mapped);
        for (var i = 0; i < 12_000; i++)
        {
            var call = Guid.NewGuid();
            killed.Begin(caller, call);
            if (i % 4_000 == 4_999 % 4_000)
            {
                open.Add(call);
            }
            else
            {
                killed.End(caller, call);
            }
        }

        var last = Guid.NewGuid();
        killed.Begin(caller, last);
        open.Add(last);

        using var next = new CallJournal(64, folder);

        Assert.True(WholeLines(Path.Combine(folder, "calls.journal")) < 8_000, "the file was never compacted");
        Assert.Equal(open.Order(), next.UnfinishedByPrevious(caller).Order());
        killed.Dispose();
    }

    [Fact]
    public void Recent_KeepsTheLastNCalls()
    {
        using var journal = new CallJournal(3, null);
        var caller = Guid.NewGuid();
        var calls = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var call in calls)
        {
            journal.Begin(caller, call);
        }

        Assert.Equal(calls[2..], journal.Recent(caller).Select(c => c.Call));
    }

    [Theory(Timeout = 60_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ManyCallersAtOnce_EveryLineIsWrittenBeforeItsCallReturns_AcrossCompactions(bool mapped)
    {
        // Eight callers begin 3,000 calls each at once and end two of three: about 40,000 lines, so the file is compacted
        // several times while the others write. One caller checks, right after a Begin returns, that the file already
        // names that call; at the end, without a dispose, the next instance names exactly the calls left open.
        var killed = new CallJournal(4_000, folder, mapped);
        var callers = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid()).ToArray();
        var file = Path.Combine(folder, "calls.journal");
        var workers = callers.Select((caller, index) => Task.Run(() =>
        {
            var open = new List<Guid>();
            for (var i = 0; i < 3_000; i++)
            {
                var call = Guid.NewGuid();
                killed.Begin(caller, call);
                if (index == 0 && i % 500 == 0)
                {
                    using var peek = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    using var reader = new StreamReader(peek);
                    var text = reader.ReadToEnd();
                    Assert.Contains($"{caller:D} {call:D}", text, StringComparison.Ordinal);
                }

                if (i % 3 == 0)
                {
                    open.Add(call);
                }
                else
                {
                    killed.End(caller, call);
                }
            }

            return open;
        })).ToArray();
        var left = await Task.WhenAll(workers);

        using var next = new CallJournal(4_000, folder);

        Assert.True(WholeLines(file) < 40_000, "the file was never compacted");
        for (var i = 0; i < callers.Length; i++)
        {
            Assert.Equal(left[i].Order(), next.UnfinishedByPrevious(callers[i]).Order());
        }

        killed.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CleanStop_LeavesOnlyTheLinesWritten(bool mapped)
    {
        var caller = Guid.NewGuid();
        var (done, open) = (Guid.NewGuid(), Guid.NewGuid());
        using (var journal = new CallJournal(8, folder, mapped))
        {
            journal.Begin(caller, done);
            journal.End(caller, done);
            journal.Begin(caller, open);
        }

        Assert.Equal($"B {caller:D} {done:D}\nE {caller:D} {done:D}\nB {caller:D} {open:D}\n", File.ReadAllText(Path.Combine(folder, "calls.journal")));
    }

    [Fact]
    public void KillMidLine_TheCutLineAndTheZeroBytesAfterItNameNothing()
    {
        // What a kill in the middle of a line's copy leaves: whole lines, a line cut short, then the file's zero bytes.
        Directory.CreateDirectory(folder);
        var caller = Guid.NewGuid();
        var (open, cut) = (Guid.NewGuid(), Guid.NewGuid());
        var text = $"B {caller:D} {open:D}\n" + $"B {caller:D} {cut:D}\n"[..50];
        var bytes = new byte[76 * 10];
        System.Text.Encoding.ASCII.GetBytes(text, bytes);
        File.WriteAllBytes(Path.Combine(folder, "calls.journal"), bytes);

        using var next = new CallJournal(8, folder);

        Assert.Equal([open], next.UnfinishedByPrevious(caller));
    }

    [Fact]
    public void CallBegunTwiceAndEndedOnce_IsNotUnfinished()
    {
        // What a compaction between a call's entry in the ring and its line could leave before both took one lock.
        Directory.CreateDirectory(folder);
        var caller = Guid.NewGuid();
        var (ended, open) = (Guid.NewGuid(), Guid.NewGuid());
        File.WriteAllText(Path.Combine(folder, "calls.journal"), $"B {caller:D} {ended:D}\nB {caller:D} {open:D}\nB {caller:D} {ended:D}\nE {caller:D} {ended:D}\n");

        using var next = new CallJournal(8, folder);

        Assert.Equal([open], next.UnfinishedByPrevious(caller));
    }

    [Fact]
    public void LongCall_PushedOutOfTheRecentCallsByNewerOnes_SurvivesACompaction()
    {
        // A wait that stays open while the same caller makes thousands of short calls: the ring of its recent calls (8
        // here) lost it long before the file was compacted, and the compaction wrote only what the ring held.
        var caller = Guid.NewGuid();
        var wait = Guid.NewGuid();
        var killed = new CallJournal(8, folder);
        killed.Begin(caller, wait);
        for (var i = 0; i < 12_000; i++)
        {
            var call = Guid.NewGuid();
            killed.Begin(caller, call);
            killed.End(caller, call);
        }

        using var next = new CallJournal(8, folder);

        Assert.True(WholeLines(Path.Combine(folder, "calls.journal")) < 8_000, "the file was never compacted");
        Assert.Equal([wait], next.UnfinishedByPrevious(caller));
        killed.Dispose();
    }

    [Fact]
    public void NewFilesOfKilledInstances_AreRemoved_ThoseOfLiveOnesStay()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // An instance killed between making its new file and renaming it leaves the file; pid 999999999 is past any pid_max.
        Directory.CreateDirectory(folder);
        var abandoned = Path.Combine(folder, $"calls.journal.999999999.{Guid.NewGuid():N}.new");
        var live = Path.Combine(folder, $"calls.journal.{Environment.ProcessId}.{Guid.NewGuid():N}.new");
        File.WriteAllBytes(abandoned, new byte[76]);
        File.WriteAllBytes(live, new byte[76]);

        using (new CallJournal(8, folder))
        {
            Assert.False(File.Exists(abandoned));
            Assert.True(File.Exists(live));
        }

    }

    [Fact]
    public void LineCutInTheMiddle_TheLineAfterItStillCounts()
    {
        // What a write cut short on a full disk leaves in a written journal: the next line starts right after the cut one.
        Directory.CreateDirectory(folder);
        var caller = Guid.NewGuid();
        var (ended, cut) = (Guid.NewGuid(), Guid.NewGuid());
        File.WriteAllText(Path.Combine(folder, "calls.journal"), $"B {caller:D} {ended:D}\n" + $"B {caller:D} {cut:D}\n"[..50] + $"E {caller:D} {ended:D}\n");

        using var next = new CallJournal(8, folder);

        Assert.Empty(next.UnfinishedByPrevious(caller));
    }

    [Fact]
    public void SecondInstanceOnTheSameFolder_LeavesTheFirstOnesFileAlone()
    {
        // Two agents on one journal folder by mistake (or an overlapping restart): each writes a file of its own. When the
        // second truncated and trimmed the first's mapped file, the first's next copy past the new end ended its process.
        var caller = Guid.NewGuid();
        using var first = new CallJournal(8, folder, mapped: true);
        first.Begin(caller, Guid.NewGuid());
        new CallJournal(8, folder, mapped: true).Dispose();

        for (var i = 0; i < 12_000; i++)
        {
            var call = Guid.NewGuid();
            first.Begin(caller, call);
            first.End(caller, call);
        }

        Assert.True(File.Exists(Path.Combine(folder, "calls.journal")));
        first.Dispose();
    }

    [Fact]
    public void FolderGone_TheJournalStopsAtItsNextCompaction_AndCallsGoOn()
    {
        var caller = Guid.NewGuid();
        using var journal = new CallJournal(8, folder);
        Directory.Delete(folder, recursive: true);

        for (var i = 0; i < 12_000; i++)
        {
            var call = Guid.NewGuid();
            journal.Begin(caller, call);
            journal.End(caller, call);
        }

        Assert.False(Directory.Exists(folder));
        Assert.All(journal.Recent(caller), recent => Assert.True(recent.Done));
    }

    /// <summary>Counts the whole lines of a journal file, which past its last line holds zero bytes.</summary>
    private static int WholeLines(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Count(line => line.Length == 75 && line[0] is 'B' or 'E');
    }
}
