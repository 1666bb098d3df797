// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Reflection;
using System.Runtime.CompilerServices;
using PublicApiGenerator;
using Snapshooter;
using Snapshooter.Xunit;

namespace Wtt.Tests.PublicApi;

/// <summary>
/// Compares an assembly's public surface with the committed snapshot in __snapshots__/ next to the
/// calling test's source file. Shared (as a linked file) by the public-API tests of every package: a
/// change to a surface fails its test until the snapshot is updated on purpose (delete the file, run the
/// test once outside CI, review and commit the new file).
/// </summary>
internal static class PublicApiSnapshot
{
    /// <summary>Generates the public API of <paramref name="assembly"/> and matches it with <paramref name="snapshotFile"/>.</summary>
    /// <param name="assembly">The package's assembly.</param>
    /// <param name="snapshotFile">The snapshot's file name in __snapshots__/.</param>
    /// <param name="allowNamespacePrefixes">Namespaces under Microsoft or System to include (the generator leaves them out by default).</param>
    /// <param name="sourceFile">The calling test's source file (filled in by the compiler).</param>
    public static void Match(
        Assembly assembly,
        string snapshotFile,
        string[]? allowNamespacePrefixes = null,
        [CallerFilePath] string sourceFile = "")
    {
        var folder = Path.GetDirectoryName(sourceFile)!;
        var file = Path.Combine(folder, "__snapshots__", snapshotFile);
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            // Snapshooter creates a missing snapshot and passes; on CI that would hide a lost file.
            Assert.True(
                File.Exists(file),
                $"The public-API snapshot {file} is missing; run the test locally and commit the file.");
        }

        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            AllowNamespacePrefixes = allowNamespacePrefixes ?? [],

            // Compiler-generated state-machine names (d__27) change with unrelated edits.
            ExcludeAttributes =
            [
                "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
                "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
                "System.Runtime.CompilerServices.IteratorStateMachineAttribute",
            ],
        });

        // Snapshooter adds __snapshots__/ to the folder it is given.
        Snapshot.Match(api, new SnapshotFullName(snapshotFile, folder));
    }
}
