// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Options;
using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>Checks <see cref="WttAgentOptions"/> at start: remote listeners are closed by default. Each message names the option and the fix.</summary>
/// <param name="client">The client options, whose secret the agent falls back to.</param>
/// <param name="transports">The registered transports, whose schemes endpoints may use.</param>
/// <param name="time">The clock certificates must be valid by; <see langword="null"/> for the system's.</param>
internal sealed class WttAgentOptionsValidator(IOptions<WttClientOptions> client, IEnumerable<IWttTransport> transports, TimeProvider? time = null) : IValidateOptions<WttAgentOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, WttAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var secret = options.SharedSecret ?? client.Value.SharedSecret;
        var schemes = transports.Select(t => t.Scheme).ToList();
        var endpoints = options.EffectiveEndpoints();
        var tls = transports.FirstOrDefault(t => t.Scheme == "tcps");
        var certified = tls is ConfiguredTlsTransport ? options.Tls.ClientCertificateMode == TlsClientCertificateMode.RequireCertificate : tls is TlsTcpTransport { RequiresClientCertificates: true };
        var allCertified = true;
        var listensWithTls = false;
        for (var i = 0; i < endpoints.Count; i++)
        {
            var option = $"Wtt:Agent:Endpoints:{i}";
            if (EndpointRules.Check(option, endpoints[i], schemes, out var uri) is { } failure)
            {
                failures.Add(failure);
                continue;
            }

            var isTls = EndpointRules.IsTls(uri!);
            listensWithTls |= isTls;
            allCertified &= isTls && certified;
            if (string.IsNullOrEmpty(secret) && EndpointRules.IsRemoteTcp(uri!) && !(isTls && certified))
            {
                failures.Add(isTls
                    ? $"{option} is '{endpoints[i]}', a tcps listener reachable from other machines, and no secret is set nor are client certificates required; set Wtt:Agent:SharedSecret (or Wtt:SharedSecret), or Wtt:Agent:Tls:ClientCertificateMode to RequireCertificate, or listen on tcps://127.0.0.1:port."
                    : $"{option} is '{endpoints[i]}', a tcp listener reachable from other machines, and no secret is set; set Wtt:Agent:SharedSecret (or Wtt:SharedSecret), listen on tcps:// requiring client certificates, or listen on tcp://127.0.0.1:port.");
            }
        }

        if (listensWithTls && tls is ConfiguredTlsTransport)
        {
            TlsSettings.Server(options.Tls, (time ?? TimeProvider.System).GetUtcNow(), failures);
        }
        else if (listensWithTls && tls is TlsTcpTransport { Server: null })
        {
            failures.Add("Wtt:Agent:Endpoints has a tcps:// endpoint, and the registered TlsTcpTransport has no TlsServerOptions; construct it with the agent's certificate, or remove it and use Wtt:Agent:Tls:Certificate.");
        }

        if (string.IsNullOrEmpty(secret) && !options.AllowAnonymous && !allCertified)
        {
            failures.Add("Wtt:Agent:SharedSecret is not set (nor Wtt:SharedSecret) and Wtt:Agent:AllowAnonymous is false, so the agent would accept nobody; set a secret, require client certificates on tcps endpoints (Wtt:Agent:Tls:ClientCertificateMode), or AllowAnonymous for loopback, pipe or memory endpoints.");
        }

        if (options.MaxConcurrentCallsPerConnection < 1)
        {
            failures.Add($"Wtt:Agent:MaxConcurrentCallsPerConnection is {options.MaxConcurrentCallsPerConnection}; give at least 1 (the default is 256).");
        }

        if (options.MaxMessageBytes < 1024)
        {
            failures.Add($"Wtt:Agent:MaxMessageBytes is {options.MaxMessageBytes}; give at least 1024 (the default is 8 MiB).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
