// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.ClientContracts;

namespace Wtt.Integration.Tests.Remote;

/// <summary>The contract seen from machine "a" about processes on machine "b", through the agent.</summary>
internal sealed class RemoteClientHarness(TwoMachines machines) : IClientHarness
{
    public IWttClient Client => machines.A.Client;

    public string? Machine => "b";

    public string TempFolder => machines.LogFolder;

    public ProcessStartSpec Script(ProcessKind kind, params string[] commands) => TestHelperScript.Spec(kind, Machine, commands);

    public ProcessStartSpec Missing() => new("/nonexistent/wtt-no-such-program") { Machine = "b" };

    public ValueTask DisposeAsync() => machines.DisposeAsync();
}
