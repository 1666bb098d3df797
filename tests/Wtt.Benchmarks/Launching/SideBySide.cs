// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Wtt.Core;

namespace Wtt.Benchmarks.Launching;

/// <summary>
/// Issue 13's own measurement of a local create: each row's create + wait of <c>/bin/true</c> taken in turn, round after
/// round, so the machine's load drifts under every row alike (BenchmarkDotNet runs rows one after another, minutes apart,
/// and on a shared 2-core machine the baseline moves by more than the gap measured). Three repeats; each prints the rows'
/// medians and their ratios to <see cref="Process.Start(string)"/>. The two client rows that keep the state in memory split
/// the client's cost into its parts: the table and the client's own work, and the state folder's writes.
/// </summary>
/// <remarks>
/// <para>Run with <c>dotnet run -c Release --project tests/Wtt.Benchmarks -- side-by-side [rounds]</c>: every row in this
/// process.</para>
/// <para>Or with <c>side-by-side-split [rounds]</c>: the baseline in this process, Wtt's rows in a second one that never
/// starts a <see cref="Process"/>, the two taking turns round by round (each idle, blocked on a pipe, while the other
/// measures). Once a process has started a <see cref="Process"/>, .NET handles every SIGCHLD it gets on a thread of its
/// own, so in one process the baseline makes every exit of Wtt's children wake one more thread; a user's process that
/// starts its children through Wtt only does not pay that.</para>
/// </remarks>
[SupportedOSPlatform("linux")]
internal static class SideBySide
{
    private const string Go = "go";

    /// <summary>
    /// How long the first repeat of <see cref="RunSplitAsync"/> warms up at least, by time: Wtt's rows run in the second
    /// process, whose JIT <see cref="JitWarmUp"/> cannot watch from here. The tenth of its rounds alone (40 of 400, about
    /// 0.4 s on the machine measured) left part of Wtt's code unoptimized: the first repeat gave the client's create +
    /// wait 1.03–1.15 (six of nine runs 1.10 or more) where the next two gave 1.02–1.09. With this warm-up the first
    /// repeat gave 1.03–1.12 (two of eight runs 1.10 or more), the others 1.01–1.09: less of that bias, not none of it
    /// (tests/Wtt.Benchmarks/Lifecycle/README.md, twenty-third pass).
    /// </summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task RunAsync(int rounds)
    {
        await using var rows = await WttRows.OpenAsync().ConfigureAwait(false);
        (string Name, Func<Task<int>> Run)[] all = [("Process.Start (baseline)", () => Task.FromResult(ProcessStartBenchmarks.StartAndWait())), .. rows.Rows];
        for (var repeat = 1; repeat <= 3; repeat++)
        {
            var samples = all.Select(_ => new List<double>(rounds)).ToArray();
            for (var round = -rounds / 10; round < rounds; round++)
            {
                for (var row = 0; row < all.Length; row++)
                {
                    var elapsed = await TimeAsync(all[row].Run).ConfigureAwait(false);
                    if (round >= 0)
                    {
                        samples[row].Add(elapsed);
                    }
                }
            }

            Print(repeat, rounds, all.Select(r => r.Name).ToArray(), samples);
        }
    }

    /// <summary>Runs the baseline here and Wtt's rows in a second process, in turns.</summary>
    public static async Task RunSplitAsync(int rounds)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            // Run as `dotnet Wtt.Benchmarks.dll`, not through the app host.
            start.ArgumentList.Add(typeof(SideBySide).Assembly.Location);
        }

        start.ArgumentList.Add("side-by-side-rows");
        using var peer = Process.Start(start)!;
        try
        {
            var names = (await peer.StandardOutput.ReadLineAsync().ConfigureAwait(false) ?? throw new InvalidOperationException("The rows' process ended before naming its rows.")).Split('\t');
            string[] all = ["Process.Start (baseline), this process", .. names.Select(n => n + ", other process")];
            var warmStarted = Stopwatch.GetTimestamp();
            for (var repeat = 1; repeat <= 3; repeat++)
            {
                var samples = all.Select(_ => new List<double>(rounds)).ToArray();
                for (var round = -rounds / 10; round < rounds; round++)
                {
                    if (round == 0 && Stopwatch.GetElapsedTime(warmStarted) < WarmUp)
                    {
                        round = -1; // still warming up: untimed rounds until WarmUp has passed
                    }

                    // Each side first starts one process it does not time: the first start after the hand-over
                    // overlaps with what the other process's last start left running (measured: 0.08-0.10 of a start).
                    _ = ProcessStartBenchmarks.StartAndWait();
                    var baseline = await TimeAsync(() => Task.FromResult(ProcessStartBenchmarks.StartAndWait())).ConfigureAwait(false);
                    await peer.StandardInput.WriteLineAsync(Go).ConfigureAwait(false);
                    await peer.StandardInput.FlushAsync().ConfigureAwait(false);
                    var times = (await peer.StandardOutput.ReadLineAsync().ConfigureAwait(false) ?? throw new InvalidOperationException("The rows' process ended.")).Split('\t');
                    if (round >= 0)
                    {
                        samples[0].Add(baseline);
                        for (var row = 0; row < times.Length; row++)
                        {
                            samples[row + 1].Add(double.Parse(times[row], CultureInfo.InvariantCulture));
                        }
                    }
                }

                Print(repeat, rounds, all, samples);
            }
        }
        finally
        {
            peer.StandardInput.Close();
            await peer.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The second process of <see cref="RunSplitAsync"/>: names its rows, then runs each once per <c>go</c> line and answers their times.</summary>
    public static async Task ServeRowsAsync()
    {
        await using var rows = await WttRows.OpenAsync().ConfigureAwait(false);
        Console.WriteLine(string.Join('\t', rows.Rows.Select(r => r.Name)));
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) == Go)
        {
            var times = new string[rows.Rows.Length];
            for (var row = 0; row < times.Length; row++)
            {
                // Each row first runs once untimed: what that run leaves working after it returns (the state folder's
                // end writes, the folder going back to the pool) meets the timed run, as in a loop of that row alone,
                // and not the next row.
                _ = await rows.Rows[row].Run().ConfigureAwait(false);
                times[row] = (await TimeAsync(rows.Rows[row].Run).ConfigureAwait(false)).ToString("R", CultureInfo.InvariantCulture);
            }

            Console.WriteLine(string.Join('\t', times));
        }
    }

    private static async Task<double> TimeAsync(Func<Task<int>> run)
    {
        var started = Stopwatch.GetTimestamp();
        await run().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }

    private static void Print(int repeat, int rounds, string[] names, List<double>[] samples)
    {
        var baseline = InTurns.Median(samples[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeat {repeat}, {rounds} rounds, medians:"));
        for (var row = 0; row < names.Length; row++)
        {
            var median = InTurns.Median(samples[row]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {names[row],-52} {median,8:F0} µs  {median / baseline:F2}x"));
        }
    }

    /// <summary>Wtt's rows: the launcher alone, with and without its cgroup, and the machine's client over the state folder or memory.</summary>
    internal sealed class WttRows : IAsyncDisposable
    {
        private readonly string folder;
        private readonly SharedMemoryProcessTable table;
        private readonly LocalWttClient[] clients;

        private WttRows(string folder, SharedMemoryProcessTable table, LinuxProcessLauncher launcher, LocalWttClient[] clients, (string Name, Func<Task<int>> Run)[] rows)
        {
            this.folder = folder;
            this.table = table;
            this.clients = clients;
            Launcher = launcher;
            Rows = rows;
        }

        /// <summary>Gets the launcher of the first row, which the clients use too.</summary>
        public LinuxProcessLauncher Launcher { get; }

        /// <summary>Gets the machine's client over the shared table and state folders.</summary>
        public LocalWttClient WithState => clients[0];

        /// <summary>Gets the client over the shared table, with its state in memory.</summary>
        public LocalWttClient MemoryState => clients[1];

        public (string Name, Func<Task<int>> Run)[] Rows { get; }

        public static Task<WttRows> OpenAsync()
        {
            var folder = Lifecycle.BenchFolder.Create();
            var table = SharedMemoryProcessTable.Open(new SharedMemoryProcessTableOptions { TableFolder = folder, Capacity = 4096 });
            var launcher = new LinuxProcessLauncher();
            var bus = new InMemoryGlobalEventBus(table);
            var withState = new LocalWttClient(table, launcher, bus, new FolderProcessStateStore(new FolderProcessStateStoreOptions { RootFolder = Path.Combine(folder, "state") }, TimeProvider.System), TimeProvider.System);
            var memoryState = new LocalWttClient(table, launcher, bus, new InMemoryProcessStateStore(), TimeProvider.System);
            var memoryTable = new InMemoryProcessTable();
            var memoryAll = new LocalWttClient(memoryTable, launcher, new InMemoryGlobalEventBus(memoryTable), new InMemoryProcessStateStore(), TimeProvider.System);
            var withoutCgroup = new LinuxProcessLauncher(new ProcessLauncherOptions { UseCgroups = false });
            var posixSpawn = new LinuxProcessLauncher(new ProcessLauncherOptions { UseNativeSpawn = false });
            (string, Func<Task<int>>)[] rows =
            [
                ("LinuxProcessLauncher", () => ProcessStartBenchmarks.RunAsync(launcher, captureOutput: false)),
                ("LinuxProcessLauncher, no cgroup", () => ProcessStartBenchmarks.RunAsync(withoutCgroup, captureOutput: false)),
                ("LocalWttClient create + WaitAsync", () => ProcessStartBenchmarks.CreateAndWaitAsync(withState)),
                ("  the same, state kept in memory", () => ProcessStartBenchmarks.CreateAndWaitAsync(memoryState)),
                ("  the same, table and state in memory", () => ProcessStartBenchmarks.CreateAndWaitAsync(memoryAll)),
                // Last: its move into the cgroup, 2 ms after the start, holds back every fork meanwhile, and the untimed
                // start of the next round comes after it.
                ("LinuxProcessLauncher, posix_spawn + move", () => ProcessStartBenchmarks.RunAsync(posixSpawn, captureOutput: false)),
            ];
            return Task.FromResult(new WttRows(folder, table, launcher, [withState, memoryState, memoryAll], rows));
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            await table.DisposeAsync().ConfigureAwait(false);
            Lifecycle.BenchFolder.Delete(folder);
        }
    }
}
