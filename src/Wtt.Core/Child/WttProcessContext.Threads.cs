// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <content>Publishing the threads and their comments to the state document.</content>
public sealed partial class WttProcessContext
{
    private readonly Lock publishGate = new();
    private long publishedVersion = -1;

    /// <summary>Raised when writing the threads to the state document failed; the next change tries again.</summary>
    public event EventHandler<Exception>? PublishFailed;

    /// <summary>Gets the publication in progress (completed when none is); tests await it after a tick.</summary>
    internal Task PendingPublish { get; private set; } = Task.CompletedTask;

    /// <summary>Writes the threads and their comments to the state document now.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the document is written.</returns>
    public async ValueTask PublishThreadsAsync(CancellationToken cancellationToken = default)
    {
        var version = monitor.ThreadsVersion;
        var threads = monitor.GetThreads();
        await stateStore.UpdateAsync(Id, d => d with { Threads = threads }, cancellationToken).ConfigureAwait(false);
        lock (publishGate)
        {
            publishedVersion = Math.Max(publishedVersion, version);
        }
    }

    private void OnTicked(object? sender, EventArgs e)
    {
        lock (publishGate)
        {
            var version = monitor.ThreadsVersion;
            if (version == publishedVersion)
            {
                return;
            }

            PendingPublish = PublishAfterAsync(PendingPublish, version);
        }
    }

    private async Task PublishAfterAsync(Task previous, long version)
    {
        await previous.ConfigureAwait(false);
        lock (publishGate)
        {
            if (version <= publishedVersion)
            {
                return;
            }
        }

        try
        {
            await PublishThreadsAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            PublishFailed?.Invoke(this, e);
        }
    }
}
