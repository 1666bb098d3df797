// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography.X509Certificates;
using Wtt.Transports.Tests.Fakes;

namespace Wtt.Transports.Tests.Tls;

/// <summary>Builds the TLS transports of the tests from <see cref="TestCertificates.Lab"/>.</summary>
public static class TlsTransports
{
    public static readonly Uri Loopback = new("tcps://127.0.0.1:0");

    /// <summary>An agent with the lab's certificate, and a caller that trusts the lab's CA.</summary>
    public static TlsTcpTransport Lab(Action<TlsServerOptions>? server = null, Action<TlsClientOptions>? client = null, TimeProvider? time = null)
    {
        var serverOptions = new TlsServerOptions { Certificate = TestCertificates.Lab.Server };
        server?.Invoke(serverOptions);
        var clientOptions = new TlsClientOptions();
        clientOptions.TrustedAuthorities.Add(TestCertificates.PublicOnly(TestCertificates.Lab.Authority));
        client?.Invoke(clientOptions);
        return new TlsTcpTransport(serverOptions, clientOptions, time);
    }

    /// <summary>An agent that requires a client certificate issued by the lab's CA.</summary>
    public static void RequireLabClients(TlsServerOptions options)
    {
        options.ClientCertificateMode = TlsClientCertificateMode.RequireCertificate;
        options.ClientCertificateAuthorities.Add(TestCertificates.PublicOnly(TestCertificates.Lab.Authority));
    }

    /// <summary>A caller with a certificate.</summary>
    public static Action<TlsClientOptions> WithClientCertificate(X509Certificate2 certificate) => o => o.ClientCertificate = certificate;

    /// <summary>Starts an agent over <paramref name="transport"/> and connects to it through the connector, which must be refused before any call runs.</summary>
    public static async Task<WttException> RefusedAsync(TlsTcpTransport transport, Action<MachineConnectorOptions>? connector = null)
    {
        await using var agent = await AgentHarness.StartAsync(transport, Loopback, connector: connector);

        var error = await Assert.ThrowsAsync<WttException>(agent.ClientAsync);

        Assert.Equal(WttErrorCode.AuthenticationFailed, error.ErrorCode);
        Assert.Equal(0, agent.Fake.Calls);
        return error;
    }

    /// <summary>Options of a caller that knows the harness's secret.</summary>
    public static RemoteWttClientOptions Options() => new() { SharedSecret = AgentHarness.Secret };

    /// <summary>A clock set to a given time, otherwise the system's.</summary>
    public sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class TlsTcpTransportTests : Transports.TransportTests
{
    protected override IWttTransport Transport { get; } = TlsTransports.Lab();

    protected override Uri ListenAddress => TlsTransports.Loopback;

    [Fact(Timeout = Timeout)]
    public async Task Listen_WithoutServerOptions_FailsWithInvalidArgumentNamingTheCertificate()
    {
        var error = await Assert.ThrowsAsync<WttException>(async () => await new TlsTcpTransport().ListenAsync(ListenAddress));

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("Wtt:Agent:Tls:Certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithAnExpiredCertificate_FailsWithInvalidArgumentSayingSo()
    {
        var error = Assert.Throws<WttException>(() => new TlsTcpTransport(new TlsServerOptions { Certificate = TestCertificates.Lab.Expired }));

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
        Assert.Contains("expired on", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithACertificateWithoutItsKey_FailsWithInvalidArgumentSayingSo()
    {
        var error = Assert.Throws<WttException>(() => new TlsTcpTransport(new TlsServerOptions { Certificate = TestCertificates.PublicOnly(TestCertificates.Lab.Server) }));

        Assert.Contains("no private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RequiringClientCertificatesWithoutSayingWhich_FailsWithInvalidArgument()
    {
        var error = Assert.Throws<WttException>(() => TlsTransports.Lab(o => o.ClientCertificateMode = TlsClientCertificateMode.RequireCertificate));

        Assert.Contains("ClientCertificateAuthorities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithTls11OrAMalformedThumbprint_FailsWithInvalidArgument()
    {
#pragma warning disable SYSLIB0039 // Tls11 is refused: that is what is tested.
        var protocols = Assert.Throws<WttException>(() => TlsTransports.Lab(client: o => o.EnabledProtocols = System.Security.Authentication.SslProtocols.Tls11));
#pragma warning restore SYSLIB0039
        var thumbprint = Assert.Throws<WttException>(() => TlsTransports.Lab(client: o => o.AllowedServerThumbprints.Add("not-hex")));

        Assert.Contains("TLS 1.2 and 1.3 only", protocols.Message, StringComparison.Ordinal);
        Assert.Contains("not-hex", thumbprint.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_AcceptsSha1AndSha256ThumbprintsWithSeparators()
    {
        var certificate = TestCertificates.Lab.Server;
        var sha256 = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var spaced = string.Join(':', certificate.Thumbprint.Chunk(2).Select(c => new string(c)));

        Assert.True(TlsRules.Matches(certificate, [sha256.ToLowerInvariant()]));
        Assert.True(TlsRules.Matches(certificate, [spaced]));
        Assert.False(TlsRules.Matches(certificate, [TestCertificates.Lab.Client.Thumbprint]));
    }
}
