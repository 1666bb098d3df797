// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wtt.Hosting.Tests;

/// <summary>A table folder of the test's own under /dev/shm/wtt-tests/&lt;guid&gt;, deleted at the end, and hosts over it.</summary>
internal sealed class TestMachine : IDisposable
{
    public static readonly string Helper = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Wtt.TestHelper.exe" : "Wtt.TestHelper");

    public string Root { get; } = Path.Combine(OperatingSystem.IsLinux() ? "/dev/shm" : Path.GetTempPath(), "wtt-tests", Guid.NewGuid().ToString("N"));

    public string Secret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Folder(string name) => Path.Combine(Root, name);

    /// <summary>Sets options for a machine of the test: its own table folder, a small table.</summary>
    public Action<WttClientOptions> Options(string name, Action<WttClientOptions>? more = null) => o =>
    {
        o.MachineName = name;
        o.TableFolder = Folder(name);
        o.TableCapacity = 256;
        o.SharedSecret = Secret;
        more?.Invoke(o);
    };

    /// <summary>Builds a host whose services are set by <paramref name="configure"/>.</summary>
    public static IHost Host(Action<IServiceCollection> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure(builder.Services);
        return builder.Build();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
