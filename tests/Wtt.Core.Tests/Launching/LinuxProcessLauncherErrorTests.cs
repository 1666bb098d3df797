// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.Versioning;

namespace Wtt.Core.Tests.Launching;

[SupportedOSPlatform("linux")]
public sealed class LinuxProcessLauncherErrorTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("wtt-launch-errors-");

    public void Dispose() => _folder.Delete(recursive: true);

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_MissingPath_ThrowsFileNotFound()
    {
        var error = await StartFailsAsync(new ProcessStartSpec(Path.Combine(_folder.FullName, "missing")));

        Assert.Equal(WttErrorCode.FileNotFound, error.ErrorCode);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_BareNameNotOnPath_ThrowsFileNotFound()
    {
        var error = await StartFailsAsync(new ProcessStartSpec("wtt-no-such-program-anywhere"));

        Assert.Equal(WttErrorCode.FileNotFound, error.ErrorCode);
        Assert.Contains("PATH", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_BareNameOnChildsPath_IsFound()
    {
        var launcher = new LinuxProcessLauncher();
        var spec = new ProcessStartSpec(Path.GetFileName(LaunchProbe.Path))
        {
            Arguments = ["exit", "3"],
            Environment = new Dictionary<string, string?> { ["PATH"] = $"{_folder.FullName}:{Path.GetDirectoryName(LaunchProbe.Path)}" },
        };

        await using var process = await launcher.StartAsync(LaunchProbe.Request(spec));

        Assert.Equal(3, (await process.Exited).ExitCode);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_FileNotExecutable_ThrowsAccessDenied()
    {
        var file = Path.Combine(_folder.FullName, "plain.txt");
        await File.WriteAllTextAsync(file, "not a program");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var error = await StartFailsAsync(new ProcessStartSpec(file));

        Assert.Equal(WttErrorCode.AccessDenied, error.ErrorCode);
        Assert.Contains("chmod", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_Directory_ThrowsAccessDenied()
    {
        var error = await StartFailsAsync(new ProcessStartSpec(_folder.FullName));

        Assert.Equal(WttErrorCode.AccessDenied, error.ErrorCode);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_ExecutableOfUnknownFormat_ThrowsStartFailed()
    {
        var file = Path.Combine(_folder.FullName, "garbage");
        await File.WriteAllBytesAsync(file, [0x01, 0x02, 0x03, 0x04, 0x05]);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var error = await StartFailsAsync(new ProcessStartSpec(file));

        Assert.Equal(WttErrorCode.StartFailed, error.ErrorCode);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_MissingWorkingDirectory_ThrowsInvalidWorkingDirectory()
    {
        var error = await StartFailsAsync(LaunchProbe.Spec("exit", "0") with { WorkingDirectory = Path.Combine(_folder.FullName, "nowhere") });

        Assert.Equal(WttErrorCode.InvalidWorkingDirectory, error.ErrorCode);
    }

    [LinuxFact(Timeout = 30_000)]
    public async Task StartAsync_RunAsWithoutPrivilege_ThrowsAccessDeniedNamingIt()
    {
        var launcher = new LinuxProcessLauncher { EffectiveUserId = () => 1000 };

        var error = await Assert.ThrowsAsync<WttException>(async () => await launcher.StartAsync(LaunchProbe.Request(LaunchProbe.Spec("exit", "0") with { RunAs = new ProcessCredentials("nobody") })));

        Assert.Equal(WttErrorCode.AccessDenied, error.ErrorCode);
        Assert.Contains("CAP_SETUID", error.Message, StringComparison.Ordinal);
        Assert.Contains("root", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact(Privilege.NotRoot, Timeout = 30_000)]
    public async Task StartAsync_RunAsAsNonRoot_ThrowsAccessDenied()
    {
        var error = await StartFailsAsync(new ProcessStartSpec("/bin/true") { RunAs = new ProcessCredentials("nobody") });

        Assert.Equal(WttErrorCode.AccessDenied, error.ErrorCode);
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task StartAsync_RunAsUnknownUser_ThrowsInvalidArgument()
    {
        var error = await StartFailsAsync(new ProcessStartSpec("/bin/true") { RunAs = new ProcessCredentials("wtt-no-such-user") });

        Assert.Equal(WttErrorCode.InvalidArgument, error.ErrorCode);
    }

    [LinuxFact(Privilege.Root, Timeout = 30_000)]
    public async Task StartAsync_RunAsNobodyAsRoot_RunsAsThatUser()
    {
        var launcher = new LinuxProcessLauncher();
        var spec = new ProcessStartSpec("id") { Arguments = ["-u"], RunAs = new ProcessCredentials("nobody"), WorkingDirectory = "/" };
        await using var process = await launcher.StartAsync(LaunchProbe.Request(spec));
        var output = new CapturedOutput(process);

        await output.Completion;

        Assert.Equal(0, (await process.Exited).ExitCode);
        Assert.Equal("65534", output.StandardOutput.Trim());
    }

    private static async Task<WttException> StartFailsAsync(ProcessStartSpec spec)
    {
        var launcher = new LinuxProcessLauncher();
        return await Assert.ThrowsAsync<WttException>(async () => await launcher.StartAsync(LaunchProbe.Request(spec)));
    }
}
