// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Runtime.CompilerServices;
using PublicApiGenerator;
using Snapshooter;
using Snapshooter.Xunit;

namespace Wtt.Tests.PublicApi;

/// <summary>
/// Guards the public surface of Wtt.Abstractions: any change to it fails this test until the
/// committed snapshot in __snapshots__/ is updated on purpose (delete the file and run the test
/// once outside CI, then review and commit the new file).
/// </summary>
public sealed class PublicApiTests
{
    private const string SnapshotFile = "PublicApiTests.PublicApi_Abstractions_MatchesSnapshot.snap";

    [Fact]
    public void PublicApi_Abstractions_MatchesSnapshot()
    {
        var folder = SourceFolder();
        var file = Path.Combine(folder, "__snapshots__", SnapshotFile);
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            // Snapshooter creates a missing snapshot and passes; on CI that would hide a lost file.
            Assert.True(
                File.Exists(file),
                $"The public-API snapshot {file} is missing; run the test locally and commit the file.");
        }

        var api = typeof(WttProcessId).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
        });

        // Snapshooter adds __snapshots__/ to the folder it is given.
        Snapshot.Match(api, new SnapshotFullName(SnapshotFile, folder));
    }

    private static string SourceFolder([CallerFilePath] string sourceFile = "")
        => Path.GetDirectoryName(sourceFile)!;
}
