// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>The constants of the Wtt wire protocol: its version and the JSON-RPC method names.</summary>
/// <remarks>docs/protocol.md describes every message; a change to a name or shape bumps <see cref="Version"/>.</remarks>
public static class WttProtocol
{
    /// <summary>The protocol version this library speaks.</summary>
    public const int Version = 1;

    /// <summary>The method that creates a process (<see cref="IWttClient.CreateProcessAsync"/>).</summary>
    public const string Create = "create";

    /// <summary>The method that opens a handle (<see cref="IWttClient.OpenProcessAsync"/>).</summary>
    public const string Open = "open";

    /// <summary>The method that releases a handle the agent keeps for the caller.</summary>
    public const string Close = "close";

    /// <summary>The method that sends an event (<see cref="IWttClient.SignalAsync"/>).</summary>
    public const string Signal = "signal";

    /// <summary>The method that stops a set (<see cref="IWttClient.TerminateAsync"/>).</summary>
    public const string Terminate = "terminate";

    /// <summary>The method that waits for a set (<see cref="IWttClient.WaitAsync"/>).</summary>
    public const string Wait = "wait";

    /// <summary>The method that reads one process's info (<see cref="IWttClient.GetProcessInfoAsync"/>).</summary>
    public const string Info = "info";

    /// <summary>The method that reads the agent's own info (<see cref="IWttClient.GetCurrentProcessInfoAsync"/>).</summary>
    public const string CurrentInfo = "currentInfo";

    /// <summary>The method that lists a table (<see cref="IWttClient.GetProcessListAsync"/>).</summary>
    public const string List = "list";

    /// <summary>The method that streams a registered log (<see cref="IWttClient.TailLogAsync"/>).</summary>
    public const string Tail = "tail";

    /// <summary>The method that streams captured console output (<see cref="IWttClient.ReadOutputAsync"/>).</summary>
    public const string Output = "output";

    /// <summary>The method that streams a registered log into a multiplexed channel the caller opened; answered when the stream ends.</summary>
    public const string TailChannel = "tailChannel";

    /// <summary>The method that streams captured console output into a multiplexed channel the caller opened; answered when the stream ends.</summary>
    public const string OutputChannel = "outputChannel";

    /// <summary>The handshake feature by which caller and agent agree to run Nerdbank.Streams' <c>MultiplexingStream</c> over the connection after <c>ok</c>.</summary>
    public const string MultiplexFeature = "multiplex";

    /// <summary>
    /// The handshake feature by which caller and agent agree to encode JSON-RPC messages as MessagePack (StreamJsonRpc's
    /// <c>MessagePackFormatter</c>) instead of JSON text after <c>ok</c>; the .NET client asks for it, plain JSON clients need not.
    /// </summary>
    public const string MessagePackFeature = "msgpack";

    /// <summary>The method the agent answers in place of a request that exceeded the size limit.</summary>
    internal const string MessageTooLarge = "$/wtt/messageTooLarge";
}
