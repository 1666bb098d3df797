// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wtt.Transports;

namespace Wtt.Hosting.Tests.Tls;

public sealed class TlsOptionsValidationTests
{
    public static TheoryData<string, string> BadAgentTls => new()
    {
        { "no-certificate", "Wtt:Agent:Tls:Certificate:Path is not set" },
        { "missing-file", "Wtt:Agent:Tls:Certificate:Path is '/nonexistent/agent.pfx', which does not exist" },
        { "wrong-password", "Wtt:Agent:Tls:Certificate:Password does not open" },
        { "pem-without-key", "has no private key" },
        { "missing-key-file", "Wtt:Agent:Tls:Certificate:KeyPath is '/nonexistent/agent.key'" },
        { "expired", "expired on" },
        { "require-without-authority", "Wtt:Agent:Tls:ClientCertificateMode is RequireCertificate, but nothing says which" },
        { "missing-authority", "Wtt:Agent:Tls:ClientCertificateAuthorityPath is '/nonexistent/ca.pem'" },
        { "bad-thumbprint", "Wtt:Agent:Tls:AllowedClientThumbprints has 'xyz'" },
        { "remote-tcps-without-secret", "Wtt:Agent:Endpoints:0 is 'tcps://0.0.0.0:0', a tcps listener reachable from other machines" },
        { "handshake-zero", "Wtt:Agent:Tls:HandshakeTimeout" },
    };

    public static TheoryData<string, string> BadClientTls => new()
    {
        { "missing-authority", "Wtt:Tls:TrustedAuthorityPath is '/nonexistent/ca.pem', which does not exist" },
        { "wrong-password", "Wtt:Tls:ClientCertificate:Password does not open" },
        { "bad-thumbprint", "Wtt:Tls:AllowedServerThumbprints has 'xyz'" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(BadAgentTls))]
    public async Task Start_BadAgentTls_FailsNamingTheOptionAndTheFix(string rule, string expected)
    {
        using var test = new TestMachine();
        using var files = new TlsFiles();
        using var host = TestMachine.Host(services => services
            .AddWttClient(test.Options("m", o => o.SharedSecret = null))
            .AddWttAgent(o => BreakAgent(o, rule, files)));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(test.Folder("m")));
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(BadClientTls))]
    public async Task Start_BadClientTls_FailsNamingTheOptionAndTheFix(string rule, string expected)
    {
        using var test = new TestMachine();
        using var files = new TlsFiles();
        using var host = TestMachine.Host(services => services.AddWttClient(test.Options("m", o => BreakClient(o.Tls, rule, files))));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Start_RemoteTcpsRequiringClientCertificatesWithoutASecret_Starts_ButRemotePlainTcpStillRefuses()
    {
        using var test = new TestMachine();
        using var files = new TlsFiles();
        using var tls = TestMachine.Host(services => services
            .AddWttClient(test.Options("m", o => o.SharedSecret = null))
            .AddWttAgent(files.RequiringClients("tcps://0.0.0.0:0", tls => tls.ClientCertificateAuthorityPath = files.AuthorityPem)));
        using var plain = TestMachine.Host(services => services
            .AddWttClient(test.Options("n", o => o.SharedSecret = null))
            .AddWttAgent(o => o.Endpoints.Add("tcp://0.0.0.0:0")));

        await tls.StartAsync();
        var listener = Assert.Single(tls.Services.GetRequiredService<WttAgentState>().Listeners);
        await tls.StopAsync();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => plain.StartAsync());

        Assert.Equal("tcps", listener.Address.Scheme);
        Assert.Contains("a tcp listener reachable from other machines", error.Message, StringComparison.Ordinal);
    }

    private static void BreakAgent(WttAgentOptions options, string rule, TlsFiles files)
    {
        options.Endpoints.Add(rule == "remote-tcps-without-secret" ? "tcps://0.0.0.0:0" : "tcps://127.0.0.1:0");
        options.SharedSecret = "agent secret";
        options.Tls.Certificate.Path = files.ServerPfx;
        options.Tls.Certificate.Password = TlsFiles.Password;
        switch (rule)
        {
            case "no-certificate": options.Tls.Certificate.Path = null; break;
            case "missing-file": options.Tls.Certificate.Path = "/nonexistent/agent.pfx"; break;
            case "wrong-password": options.Tls.Certificate.Password = "wrong"; break;
            case "pem-without-key": options.Tls.Certificate.Path = files.ServerPem; break;
            case "missing-key-file": options.Tls.Certificate.Path = files.ServerPem; options.Tls.Certificate.KeyPath = "/nonexistent/agent.key"; break;
            case "expired": options.Tls.Certificate.Path = files.ExpiredPfx; break;
            case "require-without-authority": options.Tls.ClientCertificateMode = TlsClientCertificateMode.RequireCertificate; break;
            case "missing-authority": options.Tls.ClientCertificateAuthorityPath = "/nonexistent/ca.pem"; break;
            case "bad-thumbprint": options.Tls.AllowedClientThumbprints.Add("xyz"); break;
            case "remote-tcps-without-secret": options.SharedSecret = null; options.AllowAnonymous = true; break;
            case "handshake-zero": options.Tls.HandshakeTimeout = TimeSpan.Zero; break;
            default: throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }

    private static void BreakClient(WttClientTlsOptions options, string rule, TlsFiles files)
    {
        switch (rule)
        {
            case "missing-authority": options.TrustedAuthorityPath = "/nonexistent/ca.pem"; break;
            case "wrong-password": options.ClientCertificate.Path = files.ClientPfx; options.ClientCertificate.Password = "wrong"; break;
            case "bad-thumbprint": options.AllowedServerThumbprints.Add("xyz"); break;
            default: throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }
}
