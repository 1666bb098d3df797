// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>The user a process runs as. Needs a privileged caller (root or CAP_SETUID on Linux).</summary>
/// <param name="UserName">The user's name.</param>
public sealed record ProcessCredentials(string UserName)
{
    /// <summary>Gets the user's domain (Windows only); <see langword="null"/> for the local machine.</summary>
    public string? Domain { get; init; }

    /// <summary>Gets the user's password (Windows only). Never logged, never sent over an unauthenticated connection.</summary>
    public string? Password { get; init; }

    /// <summary>Returns the user name; the password is never printed.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Domain is null ? UserName : $"{Domain}\\{UserName}";
}
