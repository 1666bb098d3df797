// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Hosting;

/// <summary>
/// Where a certificate with its private key is read from, as Kestrel's <c>Certificates:Default</c>: a PKCS#12 file
/// (<c>.pfx</c>) with its password, or a PEM certificate with its key in <see cref="KeyPath"/> (or in the same file).
/// </summary>
public sealed class WttCertificateOptions
{
    /// <summary>Gets or sets the path of the <c>.pfx</c> or PEM certificate file.</summary>
    /// <value><see langword="null"/>: no certificate.</value>
    public string? Path { get; set; }

    /// <summary>Gets or sets the path of the PEM private key, when it is not in <see cref="Path"/>.</summary>
    /// <value><see langword="null"/>.</value>
    public string? KeyPath { get; set; }

    /// <summary>Gets or sets the password of the <c>.pfx</c>, or of an encrypted PEM key. Keep it out of appsettings.json (user secrets, environment).</summary>
    /// <value><see langword="null"/>.</value>
    public string? Password { get; set; }
}
