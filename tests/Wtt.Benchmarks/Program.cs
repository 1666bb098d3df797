// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
