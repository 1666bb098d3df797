// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Wtt.Transports.Tests.Tls;

namespace Wtt.Hosting.Tests.Tls;

public sealed class TlsAgentHostingTests
{
    [Fact(Timeout = 60_000)]
    public async Task AddWttAgent_FromConfiguration_ServesOverTcpsToACallerWithAClientCertificate_WithoutASecret()
    {
        using var test = new TestMachine();
        using var files = new TlsFiles();
        var agentConfiguration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wtt:MachineName"] = "b",
            ["Wtt:TableFolder"] = test.Folder("b"),
            ["Wtt:Agent:Endpoints:0"] = "tcps://127.0.0.1:0",
            ["Wtt:Agent:Tls:Certificate:Path"] = files.ServerPfx,
            ["Wtt:Agent:Tls:Certificate:Password"] = TlsFiles.Password,
            ["Wtt:Agent:Tls:ClientCertificateMode"] = "RequireCertificate",
            ["Wtt:Agent:Tls:ClientCertificateAuthorityPath"] = files.AuthorityPem,
            ["Wtt:Agent:Tls:HandshakeTimeout"] = "00:00:05",
        }).Build();
        using var agent = TestMachine.Host(services => services.AddWttAgent(agentConfiguration.GetSection(WttClientOptions.SectionName)));
        await agent.StartAsync();
        var address = Assert.Single(agent.Services.GetRequiredService<WttAgentState>().Listeners).Address;
        var callerConfiguration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Wtt:MachineName"] = "a",
            ["Wtt:TableFolder"] = test.Folder("a"),
            ["Wtt:Machines:b"] = address.ToString(),
            ["Wtt:Tls:TrustedAuthorityPath"] = files.AuthorityPem,
            ["Wtt:Tls:ClientCertificate:Path"] = files.ClientPfx,
            ["Wtt:Tls:ClientCertificate:Password"] = TlsFiles.Password,
        }).Build();
        using var caller = TestMachine.Host(services => services.AddWttClient(callerConfiguration.GetSection(WttClientOptions.SectionName)));
        await caller.StartAsync();

        var rows = await caller.Services.GetRequiredService<IWttClient>().GetProcessListAsync(new ProcessListOptions { Machine = "b" });

        Assert.Equal("tcps", address.Scheme);
        Assert.Contains(rows, r => r.Machine == "b");
        await caller.StopAsync();
        await agent.StopAsync();
    }

    [Fact(Timeout = 60_000)]
    public async Task AddWttClient_WithoutTheClientCertificate_GetsAuthenticationFailedSayingSo()
    {
        using var test = new TestMachine();
        using var files = new TlsFiles();
        using var agent = TestMachine.Host(services => services
            .AddWttClient(test.Options("b", o => o.SharedSecret = null))
            .AddWttAgent(files.RequiringClients("tcps://127.0.0.1:0", tls => tls.AllowedClientThumbprints.Add(TestCertificates.Lab.Client.Thumbprint))));
        await agent.StartAsync();
        var address = Assert.Single(agent.Services.GetRequiredService<WttAgentState>().Listeners).Address;
        using var caller = TestMachine.Host(services => services.AddWttClient(test.Options("a", o =>
        {
            o.SharedSecret = null;
            o.Machines["b"] = address.ToString();
            o.Tls.TrustedAuthorityPath = files.AuthorityPem;
        })));
        await caller.StartAsync();

        var error = await Assert.ThrowsAsync<WttException>(async () => await caller.Services.GetRequiredService<IWttClient>().GetProcessListAsync(new ProcessListOptions { Machine = "b" }));

        Assert.Equal(WttErrorCode.AuthenticationFailed, error.ErrorCode);
        Assert.Contains("Wtt:Tls:ClientCertificate", error.Message, StringComparison.Ordinal);
        await caller.StopAsync();
        await agent.StopAsync();
    }
}
