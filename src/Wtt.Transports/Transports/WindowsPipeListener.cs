// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.IO.Pipes;

namespace Wtt.Transports;

/// <summary>A listener of Windows named pipes, one server instance per caller, for the current user only.</summary>
internal sealed class WindowsPipeListener : IWttListener
{
    private readonly string name;
    private readonly CancellationTokenSource closed = new();

    /// <summary>Initializes the listener.</summary>
    public WindowsPipeListener(string name, Uri address)
    {
        this.name = name;
        Address = address;
    }

    /// <inheritdoc/>
    public Uri Address { get; }

    /// <inheritdoc/>
    public async ValueTask<Stream> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closed.Token);
        var server = new NamedPipeServerStream(name, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances, PipeTransmissionMode.Byte, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        try
        {
            await server.WaitForConnectionAsync(linked.Token).ConfigureAwait(false);
            return server;
        }
        catch (OperationCanceledException ex) when (closed.IsCancellationRequested)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new WttException(WttErrorCode.Closed, $"The listener on {Address} was closed.", ex);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await closed.CancelAsync().ConfigureAwait(false);
    }
}
