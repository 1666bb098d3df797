// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Wtt.Tests.Shared;

/// <summary>
/// Turns the .NET diagnostics endpoint off in the processes the tests start (they inherit this process's environment): a
/// .NET child makes two pipes and a socket in the temp folder at its start and removes them only at a clean exit, and the
/// tests kill thousands of them, which left about 1,600 files in the temp folder per run. The test host's own endpoint,
/// made before this runs, stays.
/// </summary>
internal static class ChildDiagnosticsOff
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "A test assembly: its environment must be set before any test starts a process.")]
    internal static void TurnOff() => Environment.SetEnvironmentVariable("DOTNET_EnableDiagnostics", "0");
}
