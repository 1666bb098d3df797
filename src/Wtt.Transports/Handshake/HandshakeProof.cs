// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography;
using System.Text;

namespace Wtt.Transports.Handshake;

/// <summary>The caller's proof of the shared secret: HMAC-SHA256(secret, nonce || client instance || server instance).</summary>
internal static class HandshakeProof
{
    /// <summary>Computes the proof.</summary>
    /// <param name="secret">The shared secret (its UTF-8 bytes are the key); never sent.</param>
    /// <param name="nonce">The agent's nonce.</param>
    /// <param name="clientInstance">The caller's instance id.</param>
    /// <param name="serverInstance">The agent's instance id.</param>
    /// <returns>The 32-byte proof.</returns>
    public static byte[] Compute(string secret, ReadOnlySpan<byte> nonce, Guid clientInstance, Guid serverInstance)
    {
        var text = Encoding.UTF8.GetBytes(clientInstance.ToString("D") + serverInstance.ToString("D"));
        var data = new byte[nonce.Length + text.Length];
        nonce.CopyTo(data);
        text.CopyTo(data, nonce.Length);
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
    }

    /// <summary>Checks a proof in constant time.</summary>
    /// <returns><see langword="true"/> when <paramref name="proof"/> is the expected one.</returns>
    public static bool Verify(string secret, ReadOnlySpan<byte> nonce, Guid clientInstance, Guid serverInstance, ReadOnlySpan<byte> proof)
        => CryptographicOperations.FixedTimeEquals(Compute(secret, nonce, clientInstance, serverInstance), proof);
}
