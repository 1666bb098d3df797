// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Tests.Server;

public sealed class CallJournalTests
{
    [Fact]
    public void NextInstance_TellsEachCallerTheCallsThePreviousOneDidNotFinish()
    {
        var folder = Path.Combine(Path.GetTempPath(), "wtt-journal-" + Guid.NewGuid().ToString("N"));
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
        Directory.Delete(folder, recursive: true);
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
}
