// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Net.Security;
using System.Security.Authentication;
using System.Threading.Channels;
using Wtt.Transports.Handshake;

namespace Wtt.Transports;

/// <summary>
/// A tcp listener that runs each caller's TLS handshake on its own (bounded by the handshake timeout), so a slow or
/// hostile caller never holds up the others, and hands out only streams whose handshake succeeded.
/// </summary>
/// <remarks>
/// A caller whose certificate is refused, or a plain caller, is not cut off mid-handshake: it is answered with a Wtt
/// handshake error line (over TLS, or in plain text), so its side throws a <see cref="WttException"/> that says what to fix.
/// </remarks>
internal sealed class TlsListener : IWttListener
{
    private readonly StreamListener inner;
    private readonly TlsServerOptions options;
    private readonly SslStreamCertificateContext certificate;
    private readonly TimeProvider time;
    private readonly Channel<Stream> ready = Channel.CreateUnbounded<Stream>();
    private readonly CancellationTokenSource closing = new();
    private readonly Task accepting;
    private Exception? failure;

    /// <summary>Initializes the listener and starts accepting.</summary>
    public TlsListener(StreamListener inner, TlsServerOptions options, TimeProvider time)
    {
        this.inner = inner;
        this.options = options;
        this.time = time;
        certificate = SslStreamCertificateContext.Create(options.Certificate!, additionalCertificates: null, offline: true);
        accepting = AcceptLoopAsync();
    }

    /// <inheritdoc/>
    public Uri Address => inner.Address;

    /// <summary>Gets or sets what the listener calls when it turns a caller away during TLS; the agent server sets it.</summary>
    public Action<WttErrorCode, string>? Refused { get; set; }

    /// <inheritdoc/>
    public async ValueTask<Stream> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw failure ?? new WttException(WttErrorCode.Closed, $"The listener on {Address} was closed.", ex);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!ready.Writer.TryComplete())
        {
            return;
        }

        await closing.CancelAsync().ConfigureAwait(false);
        await inner.DisposeAsync().ConfigureAwait(false);
        await accepting.ConfigureAwait(false);
        while (ready.Reader.TryRead(out var stream))
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        closing.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        await Task.Yield();
        while (true)
        {
            Stream raw;
            try
            {
                raw = await inner.AcceptAsync(closing.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WttException { ErrorCode: WttErrorCode.Closed })
            {
                return;
            }
#pragma warning disable CA1031 // Any other failure ends the listener; AcceptAsync rethrows it to the agent.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
                ready.Writer.TryComplete(ex);
                return;
            }

            _ = AuthenticateAsync(raw);
        }
    }

    private async Task AuthenticateAsync(Stream raw)
    {
        var peeked = new FirstByteStream(raw);
        var ssl = new SslStream(peeked, leaveInnerStreamOpen: false);
        var handedOut = false;
        using var deadline = options.HandshakeTimeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(options.HandshakeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, closing.Token);
        try
        {
            var first = await peeked.PeekAsync(linked.Token).ConfigureAwait(false);
            if (first == FirstByteStream.PlainLine)
            {
                var plain = $"The agent at {Address} listens with TLS; connect to it with a tcps:// address (TlsTcpTransport), not tcp://.";
                Refused?.Invoke(WttErrorCode.ProtocolMismatch, plain);
                await ServerHandshake.TurnAwayAsync(peeked, WttErrorCode.ProtocolMismatch, plain, linked.Token).ConfigureAwait(false);
                return;
            }

            string? refusal = null;
            var authentication = new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificate,
                EnabledSslProtocols = options.EnabledProtocols,
                ClientCertificateRequired = options.ClientCertificateMode != TlsClientCertificateMode.NoCertificate,
                CertificateRevocationCheckMode = options.RevocationMode,
                CertificateChainPolicy = TlsVerdict.Policy(options.ClientCertificateAuthorities, options.RevocationMode, time.GetUtcNow()),
                RemoteCertificateValidationCallback = (_, presented, chain, errors) =>
                {
                    refusal = TlsVerdict.OfClient(options, presented, chain, errors, time.GetUtcNow());
                    return true;
                },
            };
            await ssl.AuthenticateAsServerAsync(authentication, linked.Token).ConfigureAwait(false);
            if (refusal is not null || (options.ClientCertificateMode == TlsClientCertificateMode.RequireCertificate && !ssl.IsMutuallyAuthenticated))
            {
                var why = refusal ?? "it sent no client certificate and the agent requires one";
                Refused?.Invoke(WttErrorCode.AuthenticationFailed, $"The agent refused the caller's TLS client certificate: {why}.");
                await ServerHandshake.TurnAwayAsync(ssl, WttErrorCode.AuthenticationFailed, $"The agent at {Address} refused the caller's TLS client certificate: {why}. Give the caller a certificate (TlsClientOptions.ClientCertificate, Wtt:Tls:ClientCertificate) issued by an authority the agent trusts (Wtt:Agent:Tls:ClientCertificateAuthorityPath) or whose thumbprint it allows (Wtt:Agent:Tls:AllowedClientThumbprints).", linked.Token).ConfigureAwait(false);
                return;
            }

            handedOut = ready.Writer.TryWrite(ssl);
        }
        catch (AuthenticationException ex)
        {
            // A caller that fails its TLS handshake (no protocol in common, a certificate it does not trust) is dropped.
            Refused?.Invoke(WttErrorCode.AuthenticationFailed, $"The TLS handshake failed: {ex.Message}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !closing.IsCancellationRequested)
        {
            Refused?.Invoke(WttErrorCode.Timeout, $"The caller did not finish the TLS handshake within {options.HandshakeTimeout.TotalSeconds:0.###} s.");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or WttException or ObjectDisposedException)
        {
            // A caller that goes away or stalls its handshake is dropped; the others are not held up.
        }
        finally
        {
            if (!handedOut)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
