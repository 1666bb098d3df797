// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Wtt.Hosting.Tests.Options;

public sealed class OptionsValidationTests
{
    public static TheoryData<string, string> BadClientOptions => new()
    {
        { "capacity-zero", "Wtt:TableCapacity" },
        { "capacity-huge", "Wtt:TableCapacity" },
        { "retention-negative", "Wtt:StateRetention" },
        { "timeout-negative", "Wtt:ConnectTimeout" },
        { "machine-bad-uri", "Wtt:Machines:b" },
        { "machine-unknown-scheme", "Wtt:Machines:b" },
        { "table-folder-empty", "Wtt:TableFolder" },
    };

    public static TheoryData<string, string> BadAgentOptions => new()
    {
        { "endpoint-bad-uri", "Wtt:Agent:Endpoints:0" },
        { "endpoint-unknown-scheme", "Wtt:Agent:Endpoints:0" },
        { "remote-tcp-without-secret", "Wtt:Agent:Endpoints:0" },
        { "no-secret-no-anonymous", "Wtt:Agent:SharedSecret" },
        { "calls-zero", "Wtt:Agent:MaxConcurrentCallsPerConnection" },
        { "message-tiny", "Wtt:Agent:MaxMessageBytes" },
    };

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(BadClientOptions))]
    public async Task Start_BadClientOption_FailsNamingTheOption(string rule, string option)
    {
        using var test = new TestMachine();
        using var host = TestMachine.Host(services => services.AddWttClient(test.Options("m", o => BreakClient(o, rule))));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.Matches("; (give|use|leave) ", error.Message);
        Assert.False(Directory.Exists(test.Folder("m")));
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(BadAgentOptions))]
    public async Task Start_BadAgentOption_FailsNamingTheOption(string rule, string option)
    {
        using var test = new TestMachine();
        using var host = TestMachine.Host(services => services
            .AddWttClient(test.Options("m", o => o.SharedSecret = null))
            .AddWttAgent(o => BreakAgent(o, rule, test.Secret)));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(test.Folder("m")));
    }

    [Fact(Timeout = 30_000)]
    public async Task Start_AnonymousLoopbackAndSecretRemoteTcp_AreAccepted()
    {
        var validator = new WttAgentOptionsValidator(Microsoft.Extensions.Options.Options.Create(new WttClientOptions()), [new Transports.TcpTransport()]);
        var anonymous = new WttAgentOptions { AllowAnonymous = true };
        var secret = new WttAgentOptions { SharedSecret = "s" };
        secret.Endpoints.Add("tcp://0.0.0.0:7447");
        var fallback = new WttAgentOptionsValidator(Microsoft.Extensions.Options.Options.Create(new WttClientOptions { SharedSecret = "s" }), [new Transports.TcpTransport()]);
        var remote = new WttAgentOptions();
        remote.Endpoints.Add("tcp://0.0.0.0:7447");

        Assert.True(validator.Validate(null, anonymous).Succeeded);
        Assert.True(validator.Validate(null, secret).Succeeded);
        Assert.True(fallback.Validate(null, remote).Succeeded);
        Assert.True(validator.Validate(null, remote).Failed);
        await Task.CompletedTask;
    }

    private static void BreakClient(WttClientOptions options, string rule)
    {
        switch (rule)
        {
            case "capacity-zero": options.TableCapacity = 0; break;
            case "capacity-huge": options.TableCapacity = 65_537; break;
            case "retention-negative": options.StateRetention = TimeSpan.FromHours(-1); break;
            case "timeout-negative": options.ConnectTimeout = TimeSpan.FromSeconds(-1); break;
            case "machine-bad-uri": options.Machines["b"] = "not a uri"; break;
            case "machine-unknown-scheme": options.Machines["b"] = "carrier-pigeon://b"; break;
            case "table-folder-empty": options.TableFolder = " "; break;
            default: throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }

    private static void BreakAgent(WttAgentOptions options, string rule, string secret)
    {
        options.SharedSecret = secret;
        switch (rule)
        {
            case "endpoint-bad-uri": options.Endpoints.Add("127.0.0.1:7447"); break;
            case "endpoint-unknown-scheme": options.Endpoints.Add("udp://127.0.0.1:7447"); break;
            case "remote-tcp-without-secret": options.SharedSecret = null; options.AllowAnonymous = true; options.Endpoints.Add("tcp://0.0.0.0:7447"); break;
            case "no-secret-no-anonymous": options.SharedSecret = null; options.Endpoints.Add("memory://x"); break;
            case "calls-zero": options.MaxConcurrentCallsPerConnection = 0; break;
            case "message-tiny": options.MaxMessageBytes = 10; break;
            default: throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }
}
