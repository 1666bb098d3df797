// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Hosting;
using Wtt.Core;
using Wtt.Transports;

namespace Wtt.Integration.Tests.Remote;

/// <summary>
/// Two Wtt machines on one box: "b" runs an agent over a transport, "a" reaches it through a machine
/// connector. Each has a table folder of its own (an <see cref="InProcessLab"/>).
/// </summary>
internal sealed class TwoMachines(InProcessLab lab) : IAsyncDisposable
{
    public LocalWttMachine A => lab.Script;

    public LocalWttMachine B => lab.Machines["b"];

    public WttAgentServer Agent => lab.Agents["b"];

    public MachineConnector Connector => lab.Connector;

    public string LogFolder => Directory.CreateDirectory(Path.Combine(lab.Root, "logs")).FullName;

    public static async Task<TwoMachines> StartAsync(IWttTransport transport, Uri address, WttWireEncoding encoding = WttWireEncoding.MessagePack)
    {
        var options = new InProcessLabOptions { ScriptMachine = "a", Machines = { "b" }, Transport = transport, ListenAddress = _ => address, WireEncoding = encoding };
        return new TwoMachines(await InProcessLab.StartAsync(options));
    }

    public ValueTask DisposeAsync() => lab.DisposeAsync();
}
