// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Transports;

namespace Wtt.Hosting;

/// <summary>The checks an endpoint or machine address goes through, shared by the validators.</summary>
internal static class EndpointRules
{
    /// <summary>Reads an address and checks that a registered transport serves its scheme.</summary>
    /// <returns>The failure message, or <see langword="null"/> with <paramref name="uri"/> set.</returns>
    public static string? Check(string option, string? text, IReadOnlyCollection<string> schemes, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text, UriKind.Absolute, out uri))
        {
            return $"{option} is '{text}', which is not an absolute URI; give one such as tcp://127.0.0.1:7447, tcps://0.0.0.0:7448, pipe://wtt-agent or memory://agent.";
        }

        if (!schemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            return $"{option} is '{text}', whose scheme '{uri.Scheme}' no registered transport serves; use one of {string.Join(", ", schemes.Select(s => s + "://"))}, or register a transport for it with services.TryAddEnumerable(ServiceDescriptor.Singleton<IWttTransport, YourTransport>()).";
        }

        return null;
    }

    /// <summary>Tells whether a tcp or tcps address is not bound to loopback.</summary>
    public static bool IsRemoteTcp(Uri uri) => uri.Scheme is "tcp" or "tcps" && !TcpTransport.IsLoopback(uri);

    /// <summary>Tells whether an address is a tcps (TLS) one.</summary>
    public static bool IsTls(Uri uri) => uri.Scheme == "tcps";
}
