// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Wtt.Integration.Tests.Lab;

/// <summary>
/// The lab's network, made once for the lab collection: <see cref="Size"/> network namespaces, each joined to the
/// test's namespace by a veth pair, with names unique to this run. Every 10.77.N.0/24 of the lab also gets an
/// "unreachable" route of low priority, so that lab traffic never leaves through another interface when a link is down.
/// Deleting the namespaces (after killing what runs in them) removes the veth pairs.
/// </summary>
/// <remarks>
/// Needs root and <c>ip netns</c>. Outside CI a machine without them skips the lab tests; with <c>CI=true</c> they fail.
/// </remarks>
public sealed partial class LabNetwork : IAsyncLifetime
{
    /// <summary>How many agent namespaces the lab has.</summary>
    public const int Size = 3;

    private const string Prefix = "wttlab-";
    private readonly List<LabLink> links = [];
    private readonly List<string> guardRoutes = [];
    private readonly string run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    private string? unavailable;

    /// <summary>Gets a value indicating whether the run is CI's, where the lab must work.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the links, one per agent namespace.</summary>
    internal IReadOnlyList<LabLink> Links => links;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            unavailable = "the lab needs Linux network namespaces";
            return;
        }

        if (Environment.UserName != "root" && !IsRootByUid())
        {
            unavailable = "the lab needs root to create network namespaces";
            return;
        }

        try
        {
            await SweepStaleAsync();
            var used = await UsedSubnetsAsync();
            for (var i = 0; i < Size; i++)
            {
                var subnet = Enumerable.Range(10, 240).Where(s => !used.Contains(s)).OrderBy(_ => RandomNumberGenerator.GetInt32(1000)).First();
                used.Add(subnet);
                var link = new LabLink($"{Prefix}{Environment.ProcessId}-{run}-{i + 1}", $"wl{run}h{i + 1}", $"wl{run}a{i + 1}", subnet);
                await AddAsync(link);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            unavailable = $"the lab's network could not be made: {ex.Message}";
            await DisposeAsync();
        }
    }

    /// <summary>Skips the test when the lab cannot run here, or fails it when the run is CI's.</summary>
    public void Require()
    {
        if (unavailable is null)
        {
            return;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"CI=true and {unavailable}; the lab tests need root and 'ip netns' in CI.");
        }

        Skip.If(true, $"Skipped: {unavailable} (these tests run as root with 'ip netns'; CI=true makes them mandatory).");
    }

    /// <summary>Kills every process left in a namespace (agents and what they started).</summary>
    internal static async Task KillAllInAsync(string name)
    {
        var (code, output) = await LabShell.TryRunAsync("ip", "netns", "pids", name);
        if (code != 0)
        {
            return;
        }

        foreach (var pid in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id != Environment.ProcessId)
            {
                await LabShell.TryRunAsync("kill", "-KILL", id.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        foreach (var link in links)
        {
            await KillAllInAsync(link.Namespace);
            await LabShell.TryRunAsync("ip", "netns", "delete", link.Namespace);
            await LabShell.TryRunAsync("ip", "link", "delete", link.HostDevice);
        }

        foreach (var route in guardRoutes)
        {
            await LabShell.TryRunAsync("ip", "route", "delete", "unreachable", route, "metric", "4000");
        }

        links.Clear();
        guardRoutes.Clear();
    }

    private static bool IsRootByUid()
        => File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) is { } line
           && line.Split('\t', StringSplitOptions.RemoveEmptyEntries) is [_, var real, ..]
           && real == "0";

    /// <summary>Removes namespaces a crashed earlier run left behind (its process id is no longer alive).</summary>
    private static async Task SweepStaleAsync()
    {
        var output = await LabShell.IpAsync("netns", "list");
        foreach (Match match in StaleName().Matches(output))
        {
            var name = match.Value;
            var pid = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
            if (pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                await KillAllInAsync(name);
                await LabShell.TryRunAsync("ip", "netns", "delete", name);
            }
        }

        // A guard route whose subnet has no link any more was left by a crashed run.
        var routes = await LabShell.IpAsync("-4", "route", "show");
        foreach (Match guard in GuardRoute().Matches(routes))
        {
            var cidr = guard.Groups["cidr"].Value;
            if (!routes.Contains($"\n{cidr} dev ", StringComparison.Ordinal) && !routes.StartsWith($"{cidr} dev ", StringComparison.Ordinal))
            {
                await LabShell.TryRunAsync("ip", "route", "delete", "unreachable", cidr, "metric", "4000");
            }
        }
    }

    private static async Task<HashSet<int>> UsedSubnetsAsync()
    {
        var routes = await LabShell.IpAsync("-4", "route", "show", "table", "all");
        return [.. UsedSubnet().Matches(routes).Select(m => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture))];
    }

    [GeneratedRegex(@"wttlab-(?<pid>\d+)-[0-9a-f]+-\d+")]
    private static partial Regex StaleName();

    [GeneratedRegex(@"unreachable (?<cidr>10\.77\.\d+\.0/24) metric 4000")]
    private static partial Regex GuardRoute();

    [GeneratedRegex(@"10\.77\.(?<n>\d+)\.")]
    private static partial Regex UsedSubnet();

    private async Task AddAsync(LabLink link)
    {
        await LabShell.IpAsync("netns", "add", link.Namespace);
        links.Add(link);
        await LabShell.IpAsync("-n", link.Namespace, "link", "set", "lo", "up");
        await LabShell.IpAsync("link", "add", link.HostDevice, "type", "veth", "peer", "name", link.AgentDevice, "netns", link.Namespace);
        await LabShell.IpAsync("addr", "add", $"{link.HostAddress}/24", "dev", link.HostDevice);
        await LabShell.IpAsync("link", "set", link.HostDevice, "up");
        await LabShell.IpAsync("-n", link.Namespace, "addr", "add", $"{link.AgentAddress}/24", "dev", link.AgentDevice);
        await LabShell.IpAsync("-n", link.Namespace, "link", "set", link.AgentDevice, "up");
        await LabShell.IpAsync("route", "add", "unreachable", link.Cidr, "metric", "4000");
        guardRoutes.Add(link.Cidr);
    }
}
