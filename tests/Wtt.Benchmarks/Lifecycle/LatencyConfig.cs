// Copyright (c) Wtt developers. Licensed under the MIT license.

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace Wtt.Benchmarks.Lifecycle;

/// <summary>Adds the median, p95 and max of the iteration means to the summary of the latency benchmarks.</summary>
public sealed class LatencyConfig : ManualConfig
{
    /// <summary>Initializes the config.</summary>
    public LatencyConfig()
    {
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Max);
    }
}
