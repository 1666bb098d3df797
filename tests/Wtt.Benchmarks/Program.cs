// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;
using BenchmarkDotNet.Running;
using Wtt.Benchmarks.Launching;

if (args is ["side-by-side", ..] && OperatingSystem.IsLinux())
{
    await SideBySide.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
