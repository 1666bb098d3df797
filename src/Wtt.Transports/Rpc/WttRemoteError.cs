// Copyright (c) Wtt developers. Licensed under the MIT license.

using StreamJsonRpc;

namespace Wtt.Transports.Rpc;

/// <summary>Carries the <see cref="WttException"/> a remote error stands for through StreamJsonRpc's exception type.</summary>
internal sealed class WttRemoteError : RemoteRpcException
{
    /// <summary>Initializes the carrier.</summary>
    /// <param name="error">The exception to rethrow to the caller.</param>
    /// <param name="original">StreamJsonRpc's exception.</param>
    public WttRemoteError(WttException error, Exception original)
        : base(error.Message, original)
    {
        Error = error;
    }

    /// <summary>Initializes an empty carrier.</summary>
    public WttRemoteError()
        : this(new WttException(), new InvalidOperationException())
    {
    }

    /// <summary>Initializes a carrier with a message.</summary>
    /// <param name="message">The message.</param>
    public WttRemoteError(string message)
        : this(new WttException(message), new InvalidOperationException(message))
    {
    }

    /// <summary>Initializes a carrier with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WttRemoteError(string message, Exception innerException)
        : this(new WttException(message, innerException), innerException)
    {
    }

    /// <summary>Gets the exception the caller sees.</summary>
    public WttException Error { get; }
}
