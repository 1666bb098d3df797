// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>Maps <see cref="WttErrorCode"/> to JSON-RPC error codes in the server range and back.</summary>
/// <remarks>A Wtt error travels as <c>-32000 - (int)code</c> with <c>data.wttCode</c> naming the code, so a remote failure throws the same <see cref="WttException"/> as a local one.</remarks>
internal static class WttJsonRpcErrorCodes
{
    /// <summary>The base of the server range: a Wtt code <c>c</c> is sent as <c>Base - c</c>.</summary>
    public const int Base = -32000;

    /// <summary>Gets the JSON-RPC error code of a Wtt error code.</summary>
    /// <param name="code">The Wtt code.</param>
    /// <returns><c>-32000 - (int)code</c>.</returns>
    public static int ToJsonRpc(WttErrorCode code) => Base - (int)code;

    /// <summary>Gets the Wtt error code of a JSON-RPC error code, if it is one.</summary>
    /// <param name="jsonRpcCode">The JSON-RPC error code.</param>
    /// <param name="code">The Wtt code.</param>
    /// <returns><see langword="true"/> when <paramref name="jsonRpcCode"/> is in -32001..-32099 and names a defined Wtt code.</returns>
    public static bool TryFromJsonRpc(int jsonRpcCode, out WttErrorCode code)
    {
        code = (WttErrorCode)(Base - jsonRpcCode);
        return jsonRpcCode is <= -32001 and >= -32099 && Enum.IsDefined(code);
    }
}
