// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using BenchmarkDotNet.Running;
using Wtt.Benchmarks.Launching;

if (args is ["side-by-side", ..] && OperatingSystem.IsLinux())
{
    await SideBySide.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300);
    return;
}

if (args is ["side-by-side-split", ..] && OperatingSystem.IsLinux())
{
    await SideBySide.RunSplitAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300);
    return;
}

if (args is ["phases"] && OperatingSystem.IsLinux())
{
    await Phases.RunAsync();
    return;
}

if (args is ["side-by-side-rows"] && OperatingSystem.IsLinux())
{
    await SideBySide.ServeRowsAsync();
    return;
}

if (args is ["event-to-child", ..] && OperatingSystem.IsLinux())
{
    await Wtt.Benchmarks.Lifecycle.EventToChild.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
    return;
}

if (args is ["event-child"])
{
    await Wtt.Benchmarks.Lifecycle.EventToChild.ChildAsync();
    return;
}

if (args is ["tree-side-by-side", ..] && OperatingSystem.IsLinux())
{
    await Wtt.Benchmarks.Lifecycle.TreeSideBySide.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15);
    return;
}

if (args is ["info-side-by-side", ..])
{
    await Wtt.Benchmarks.Info.InfoSideBySide.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200, args.Length > 2 ? args[2] : null);
    return;
}

if (args is ["throughput-side-by-side", ..])
{
    await Wtt.Benchmarks.Transports.ThroughputSideBySide.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200, args.Length > 2 ? args[2] : null);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
