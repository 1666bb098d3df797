// Copyright (c) Wtt developers. Licensed under the MIT license.

using StreamJsonRpc;
using Wtt.Transports.Rpc;

namespace Wtt.Transports;

public sealed partial class RemoteWttClient
{
    /// <summary>
    /// Calls a method with positional arguments (callId first, then the others in the contract's order) and
    /// turns failures into the caller's exceptions. Positional arguments cost StreamJsonRpc less than named
    /// ones; the agent accepts both (docs/protocol.md).
    /// </summary>
    /// <remarks>For the output streams' calls, which are few; the calls of <see cref="IWttClient"/> go through <see cref="CallAsync{TWire, TResult}"/>.</remarks>
    private ValueTask<T> CallAsync<T>(string method, Guid callId, CancellationToken cancellationToken, params (string Name, object? Value, Type Type)[] arguments)
    {
        var values = new object?[arguments.Length + 1];
        var types = new Type[arguments.Length + 1];
        values[0] = callId;
        types[0] = typeof(Guid);
        for (var i = 0; i < arguments.Length; i++)
        {
            values[i + 1] = arguments[i].Value;
            types[i + 1] = arguments[i].Type;
        }

        return CallAsync(method, values, types, static (RemoteWttClient _, T wire) => wire, cancellationToken);
    }

    /// <summary>
    /// Calls a method and makes its result what the caller gets, in one asynchronous step: a call allocates its argument
    /// array and this method's state, nothing else of Wtt's.
    /// </summary>
    /// <param name="method">The method's name on the wire.</param>
    /// <param name="arguments">The call id, then the method's other arguments in the contract's order (<see cref="ArgumentTypes"/>).</param>
    /// <param name="types">The arguments' declared types, one of <see cref="ArgumentTypes"/>' lists.</param>
    /// <param name="map">Makes the caller's result from the agent's answer: names the machine where the agent left it out.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    private async ValueTask<TResult> CallAsync<TWire, TResult>(string method, object?[] arguments, IReadOnlyList<Type> types, Func<RemoteWttClient, TWire, TResult> map, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref retired) != 0)
        {
            throw new WttException(WttErrorCode.MachineUnreachable, $"The connection to {MachineName} ({Address}) was lost and replaced; ask the machine connector for a client again.", machine: MachineName);
        }

        TWire wire;
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
            var call = rpc.InvokeWithCancellationAsync<TWire>(method, arguments, types, cancellationToken);
            wire = cancellationToken.CanBeCanceled
                ? await AbandonOnCancelAsync(call, cancellationToken).ConfigureAwait(false)
                : await call.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not WttException)
        {
            throw await TranslateAsync(ex, (Guid)arguments[0]!, cancellationToken).ConfigureAwait(false) ?? ex;
        }

        return map(this, wire);
    }

    /// <summary>A call refused before it is sent (an argument the caller got wrong), failed as the call's own task, as every other failure.</summary>
    private static ValueTask<T> Refuse<T>(WttException error) => ValueTask.FromException<T>(error);

    /// <summary>
    /// Ends the caller's wait when its token is cancelled. StreamJsonRpc completes a cancelled call only once the agent
    /// acknowledges the cancellation, which an agent behind a cut network never does, so the caller would wait past its
    /// own deadline until TCP gives up.
    /// </summary>
    private static async Task<T> AbandonOnCancelAsync<T>(Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!call.IsCompleted)
        {
            Abandon(call);
            throw;
        }
    }

    /// <summary>Lets a call nobody awaits any more end some day (answer, error or lost connection) without an unobserved exception.</summary>
    private static void Abandon(Task call)
        => _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Maps what StreamJsonRpc throws to what a local call would throw; <see langword="null"/> to rethrow as is.</summary>
    private async ValueTask<Exception?> TranslateAsync(Exception ex, Guid callId, CancellationToken cancellationToken)
    {
        switch (ex)
        {
            case WttRemoteError remote:
                return remote.Error;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case RemoteMethodNotFoundException:
                return new WttException(WttErrorCode.NotSupported, $"The agent on {MachineName} does not serve this call ({ex.Message}); update the agent.", ex, machine: MachineName);
            case RemoteInvocationException remote:
                return new WttException(WttErrorCode.Unknown, $"The agent on {MachineName} failed the call: {remote.Message}", ex, machine: MachineName);
            case ObjectDisposedException when Volatile.Read(ref disposed) != 0 && Volatile.Read(ref retired) == 0:
                return new WttException(WttErrorCode.Closed, $"This connection to {MachineName} was disposed; get a new client from the machine connector.", ex, machine: MachineName);
            case ConnectionLostException or ObjectDisposedException or IOException or OperationCanceledException:
                return ConnectionLost is { } handler
                    ? await handler(this, callId, ex, cancellationToken).ConfigureAwait(false)
                    : Lost(callId, ex);
            default:
                return null;
        }
    }

    /// <summary>Makes the error of a call whose connection was lost.</summary>
    internal WttException Lost(Guid callId, Exception? inner)
        => new(WttErrorCode.MachineUnreachable, $"The connection to {MachineName} ({Address}) was lost while call {callId} was pending; its outcome is unknown. The next call reconnects.", inner, machine: MachineName);
}
