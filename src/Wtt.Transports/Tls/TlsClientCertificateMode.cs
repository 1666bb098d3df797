// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>Whether a <c>tcps://</c> agent asks its callers for a TLS client certificate (the names of Kestrel's <c>ClientCertificateMode</c>).</summary>
public enum TlsClientCertificateMode
{
    /// <summary>No client certificate is asked for; callers prove the shared secret.</summary>
    NoCertificate = 0,

    /// <summary>A client certificate is asked for; a caller without one may still prove the shared secret, a caller with one must present an accepted one.</summary>
    AllowCertificate = 1,

    /// <summary>Every caller must present an accepted client certificate; the agent may then serve without a shared secret, even off loopback.</summary>
    RequireCertificate = 2,
}
