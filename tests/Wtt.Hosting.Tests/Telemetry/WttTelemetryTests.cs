// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wtt.Transports;

namespace Wtt.Hosting.Tests.Telemetry;

public sealed class WttTelemetryTests
{
    [Fact(Timeout = 60_000)]
    public async Task Calls_LocalAndServed_AreCountedAndTraced()
    {
        using var test = new TestMachine();
        var endpoint = "memory://agent-" + Guid.NewGuid().ToString("N");
        var measured = new ConcurrentDictionary<string, long>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == WttDiagnostics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                measured.AddOrUpdate($"{instrument.Name}/{tag.Value}", value, (_, v) => v + value);
            }
        });
        meters.Start();
        var activities = new ConcurrentQueue<string>();
        using var traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WttDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => activities.Enqueue(activity.OperationName),
        };
        ActivitySource.AddActivityListener(traces);
        using var host = TestMachine.Host(services => services.AddWttClient(test.Options("b")).AddWttAgent(o => o.Endpoints.Add(endpoint)));
        await host.StartAsync();

        var client = host.Services.GetRequiredService<IWttClient>();
        var handle = await client.CreateProcessAsync(new ProcessStartSpec(TestMachine.Helper) { Arguments = ["no-ready", "exit", "0"] });
        await client.WaitAsync(ProcessSet.Of(handle), new WaitOptions { Timeout = TimeSpan.FromSeconds(30) });
        var options = new MachineConnectorOptions { SharedSecret = test.Secret, LocalMachineName = "a" };
        options.Machines["b"] = new Uri(endpoint);
        await using (var connector = new MachineConnector(options, [InMemoryTransport.Shared]))
        {
            var remote = await connector.GetClientAsync("b");
            var created = await remote.CreateProcessAsync(new ProcessStartSpec(TestMachine.Helper) { Machine = "b", Arguments = ["no-ready", "exit", "0"] });
            await remote.WaitAsync(ProcessSet.Of(created), new WaitOptions { Timeout = TimeSpan.FromSeconds(30) });
        }

        await host.StopAsync();
        meters.RecordObservableInstruments();

        Assert.True(measured.GetValueOrDefault("wtt.processes.created/local") >= 1);
        Assert.True(measured.GetValueOrDefault("wtt.processes.created/remote") >= 1);
        Assert.True(measured.GetValueOrDefault("wtt.agent.calls/CreateProcess") >= 1);
        Assert.True(measured.GetValueOrDefault("wtt.agent.calls/Wait") >= 1);
        Assert.Contains("Wtt.CreateProcess", activities);
        Assert.Contains("Wtt.Wait", activities);
    }

    [Fact(Timeout = 60_000)]
    public async Task RefusedCaller_IsLoggedAsAWarning_AndCountedByCode()
    {
        using var test = new TestMachine();
        var endpoint = "memory://agent-" + Guid.NewGuid().ToString("N");
        var counted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == WttDiagnostics.MeterName && instrument.Name == "wtt.agent.callers.refused")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) => counted.TrySetResult(tags[0].Value?.ToString() ?? ""));
        meters.Start();
        var logs = new LogCapture();
        using var host = TestMachine.Host(services =>
        {
            services.AddLogging(b => b.AddProvider(logs));
            services.AddWttClient(test.Options("b")).AddWttAgent(o => o.Endpoints.Add(endpoint));
        });
        await host.StartAsync();

        var options = new MachineConnectorOptions { SharedSecret = "not the secret", LocalMachineName = "a" };
        options.Machines["b"] = new Uri(endpoint);
        await using (var connector = new MachineConnector(options, [InMemoryTransport.Shared]))
        {
            var error = await Assert.ThrowsAsync<WttException>(async () => await connector.GetClientAsync("b"));
            Assert.Equal(WttErrorCode.AuthenticationFailed, error.ErrorCode);
        }

        // The agent logs the refusal, then counts it; the meter is the process's, so a refusal in another test may be the
        // one counted here: the log entry is awaited on its own.
        Assert.Equal(nameof(WttErrorCode.AuthenticationFailed), await counted.Task);
        await logs.Logged("WttCallerRefused");
        var warning = Assert.Single(logs.Entries, e => e.EventName == "WttCallerRefused");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(endpoint, warning.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    private sealed class LogCapture : ILoggerProvider
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _logged = new();

        public ConcurrentQueue<(string? EventName, LogLevel Level, string Message)> Entries { get; } = new();

        /// <summary>Completes once an entry with this event name is logged.</summary>
        public Task Logged(string eventName) => Signal(eventName).Task;

        private TaskCompletionSource Signal(string eventName)
            => _logged.GetOrAdd(eventName, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                owner.Entries.Enqueue((eventId.Name, logLevel, formatter(state, exception)));
                if (eventId.Name is { } name)
                {
                    owner.Signal(name).TrySetResult();
                }
            }
        }
    }
}
