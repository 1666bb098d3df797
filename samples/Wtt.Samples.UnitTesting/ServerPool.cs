// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Samples.UnitTesting;

/// <summary>
/// The user's own code under test: starts N servers, waits for them to initialise, and replaces any that
/// hang (a debug break) or die before they are ready. It knows only <see cref="IWttClient"/>.
/// </summary>
public sealed class ServerPool(IWttClient wtt, string serverPath)
{
    /// <summary>Starts <paramref name="count"/> servers and returns once all are initialised.</summary>
    /// <param name="count">How many servers.</param>
    /// <param name="attempts">How many times a failed server is replaced.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The servers' handles.</returns>
    public async Task<IReadOnlyList<WttProcessHandle>> StartAsync(int count, int attempts, CancellationToken cancellationToken = default)
    {
        var servers = new List<WttProcessHandle>();
        for (var i = 0; i < count; i++)
        {
            servers.Add(await StartOneAsync(cancellationToken));
        }

        for (var attempt = 0; attempt <= attempts; attempt++)
        {
            var ready = await wtt.WaitAsync(ProcessSet.Of(servers), WaitOptions.AllInitialized with { Timeout = TimeSpan.FromMinutes(1) }, cancellationToken);
            if (ready.IsSatisfied)
            {
                return servers;
            }

            // Replace the one that failed, after making sure it is gone.
            var failed = servers[ready.Index];
            await wtt.TerminateAsync(ProcessSet.Of(failed), new TerminateOptions { GracePeriod = TimeSpan.Zero }, cancellationToken);
            servers[ready.Index] = await StartOneAsync(cancellationToken);
        }

        throw new InvalidOperationException($"The servers did not initialise after {attempts} replacements.");
    }

    private async Task<WttProcessHandle> StartOneAsync(CancellationToken cancellationToken)
        => await wtt.CreateProcessAsync(new ProcessStartSpec(serverPath) { Kind = ProcessKind.WttBased, DebugTimeout = TimeSpan.FromSeconds(10) }, cancellationToken);
}
