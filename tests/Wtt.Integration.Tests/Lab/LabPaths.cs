// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Reflection;

namespace Wtt.Integration.Tests.Lab;

/// <summary>Where the programs the lab runs were built.</summary>
internal static class LabPaths
{
    /// <summary>Gets the agent sample's dll (samples/Wtt.Samples.AgentHost), which the test project builds and names in an assembly attribute.</summary>
    public static string AgentHostDll { get; } = typeof(LabPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "WttAgentHostPath")?.Value
        ?? throw new InvalidOperationException("The test assembly does not name the agent sample's dll; build it with 'dotnet build tests/Wtt.Integration.Tests'.");

    /// <summary>Gets the dotnet host that runs the agent's dll: the one running the tests.</summary>
    public static string DotnetHost { get; } = FindDotnet();

    private static string FindDotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromSdk && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return "dotnet";
    }
}
