// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Wtt.Transports;

/// <summary>
/// Connects over TCP with TLS: <c>tcps://host:port</c>. The agent side needs <see cref="TlsServerOptions"/> (its
/// certificate, and which client certificates it accepts); the caller side uses <see cref="TlsClientOptions"/> (which agent
/// certificates it trusts; by default the system's validation). Wtt's handshake and JSON-RPC run inside the TLS stream.
/// </summary>
/// <remarks>
/// A distinct scheme keeps "this machine needs TLS" in the machine's address, next to plain <c>tcp://</c> machines, and
/// lets one instance serve both sides. Failures say what to fix: an untrusted or misnamed agent certificate, a refused
/// client certificate or a missing one throw <see cref="WttErrorCode.AuthenticationFailed"/>; a plain agent or a plain
/// caller meeting a TLS one throw <see cref="WttErrorCode.ProtocolMismatch"/>; a handshake that does not finish in time
/// throws <see cref="WttErrorCode.MachineUnreachable"/>. This type is thread-safe.
/// </remarks>
public sealed class TlsTcpTransport : IWttTransport
{
    private readonly TimeProvider time;
    private SslStreamCertificateContext? clientCertificate;

    /// <summary>Initializes the transport.</summary>
    /// <param name="server">The agent side; <see langword="null"/> for a transport that only connects.</param>
    /// <param name="client">The caller side; <see langword="null"/> for the defaults (the system's validation, no client certificate).</param>
    /// <param name="timeProvider">The clock of the handshake timeouts and certificate dates; <see langword="null"/> for the system's.</param>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: options that fail their <c>Validate</c>.</exception>
    public TlsTcpTransport(TlsServerOptions? server = null, TlsClientOptions? client = null, TimeProvider? timeProvider = null)
    {
        time = timeProvider ?? TimeProvider.System;
        Server = server;
        Client = client ?? new TlsClientOptions();
        server?.Validate(time.GetUtcNow());
        Client.Validate(time.GetUtcNow());
    }

    /// <summary>Gets the agent side, or <see langword="null"/> when this transport only connects.</summary>
    public TlsServerOptions? Server { get; }

    /// <summary>Gets the caller side.</summary>
    public TlsClientOptions Client { get; }

    /// <summary>Gets a value indicating whether listeners require a client certificate of every caller, which then authenticates it without a shared secret.</summary>
    public bool RequiresClientCertificates => Server?.ClientCertificateMode == TlsClientCertificateMode.RequireCertificate;

    /// <inheritdoc/>
    public string Scheme => "tcps";

    /// <inheritdoc/>
    /// <exception cref="WttException">
    /// <see cref="WttErrorCode.MachineUnreachable"/> (no agent there, or the TLS handshake timed out),
    /// <see cref="WttErrorCode.AuthenticationFailed"/> (the agent's certificate is not trusted here),
    /// <see cref="WttErrorCode.ProtocolMismatch"/> (the agent speaks plain tcp), <see cref="WttErrorCode.InvalidArgument"/>.
    /// </exception>
    public async ValueTask<Stream> ConnectAsync(Uri address, CancellationToken cancellationToken = default)
    {
        var socket = await TcpTransport.ConnectSocketAsync(address, Scheme, cancellationToken).ConfigureAwait(false);
        var raw = new FirstByteStream(new NetworkStream(socket, ownsSocket: true));
        var ssl = new SslStream(raw, leaveInnerStreamOpen: false);
        var options = Client;
        var host = options.TargetHost ?? address.Host.Trim('[', ']');
        string? refusal = null;
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            EnabledSslProtocols = options.EnabledProtocols,
            CertificateRevocationCheckMode = options.RevocationMode,
            CertificateChainPolicy = TlsVerdict.Policy(options.TrustedAuthorities, options.RevocationMode, time.GetUtcNow()),
            ClientCertificateContext = ClientCertificate(),
            RemoteCertificateValidationCallback = (_, presented, chain, errors) =>
            {
                refusal = TlsVerdict.OfServer(options, presented, chain, errors, host, time.GetUtcNow());
                return refusal is null;
            },
        };
        using var deadline = options.HandshakeTimeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(options.HandshakeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await ssl.AuthenticateAsClientAsync(authentication, linked.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw TransportAddress.Unreachable(address, $"the TLS handshake did not finish within {options.HandshakeTimeout.TotalSeconds:0.###} s (is a tcps:// agent listening there?)", ex);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw Failure(address, host, refusal, raw.FirstByte, ex);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="WttException"><see cref="WttErrorCode.InvalidArgument"/>: no <see cref="Server"/> options, or a bad address; <see cref="WttErrorCode.AccessDenied"/>.</exception>
    public ValueTask<IWttListener> ListenAsync(Uri address, CancellationToken cancellationToken = default)
    {
        if (Server is null)
        {
            throw WttException.InvalidArgument($"Cannot listen on {address}: this TlsTcpTransport has no TlsServerOptions; construct it with the agent's certificate (in configuration: Wtt:Agent:Tls:Certificate).");
        }

        Server.Validate(time.GetUtcNow());
        var inner = TcpTransport.Listen(address, Scheme);
        return ValueTask.FromResult<IWttListener>(new TlsListener(inner, Server, time));
    }

    private static WttException Failure(Uri address, string host, string? refusal, int firstByte, Exception ex)
    {
        if (refusal is not null)
        {
            return new WttException(WttErrorCode.AuthenticationFailed, $"The agent at {address} is not trusted: {refusal}. Connect by a name its certificate carries (or set TlsClientOptions.TargetHost, Wtt:Tls:TargetHost), trust its authority (TlsClientOptions.TrustedAuthorities, Wtt:Tls:TrustedAuthorityPath), or pin its thumbprint (Wtt:Tls:AllowedServerThumbprints).", ex);
        }

        if (firstByte == FirstByteStream.PlainLine)
        {
            return new WttException(WttErrorCode.ProtocolMismatch, $"The agent at {address} speaks plain tcp, not TLS; connect to it with tcp://{host}:{address.Port}, or give the agent a certificate and a tcps:// endpoint (Wtt:Agent:Tls).", ex);
        }

        return new WttException(WttErrorCode.AuthenticationFailed, $"The TLS handshake with the agent at {address} failed ({ex.Message}); check that both sides allow the same TLS version (1.2 or 1.3) and that the agent listens with tcps:// there.", ex);
    }

    private SslStreamCertificateContext? ClientCertificate()
    {
        if (Client.ClientCertificate is not { } certificate)
        {
            return null;
        }

        return Volatile.Read(ref clientCertificate) ?? Interlocked.CompareExchange(ref clientCertificate, SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true), null) ?? clientCertificate;
    }
}
