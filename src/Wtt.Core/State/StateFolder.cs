// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;

namespace Wtt.Core;

/// <summary>The paths inside one process's state folder.</summary>
/// <param name="Path">The folder, named by the process's UUID.</param>
internal readonly record struct StateFolder(string Path)
{
    /// <summary>Gets the document file.</summary>
    public string Document => System.IO.Path.Combine(Path, "state.json");

    /// <summary>Gets the lock file that serialises writers across processes.</summary>
    public string LockFile => System.IO.Path.Combine(Path, ".lock");

    /// <summary>Gets the marker written when the output is complete.</summary>
    public string CompleteMarker => System.IO.Path.Combine(Path, "complete");

    /// <summary>Gets the folder of a process under a root.</summary>
    /// <param name="root">The root folder.</param>
    /// <param name="id">The process.</param>
    /// <returns>The folder.</returns>
    public static StateFolder Of(string root, WttProcessId id) => new(System.IO.Path.Combine(root, id.ToString()));

    /// <summary>Gets the output file of a source.</summary>
    /// <param name="source">Standard output or standard error.</param>
    /// <returns>The path.</returns>
    public string Output(OutputSource source) => System.IO.Path.Combine(Path, source switch
    {
        OutputSource.StandardOutput => "stdout.log",
        OutputSource.StandardError => "stderr.log",
        _ => throw WttException.InvalidArgument(string.Create(CultureInfo.InvariantCulture, $"Output source {source} is not console output; give StandardOutput or StandardError.")),
    });

    /// <summary>Gets the chunk index of an output file: the end offset of every append, 8 bytes little-endian each.</summary>
    /// <param name="source">Standard output or standard error.</param>
    /// <returns>The path.</returns>
    public string OutputIndex(OutputSource source) => Output(source) + ".idx";

    /// <summary>
    /// Gets a fresh temporary file name for an atomic write of the document: 63 random bits from
    /// <see cref="Random.Shared"/>, which needs no system call where <see cref="Guid.NewGuid"/> makes one. The file is
    /// created exclusively, so a name another writer took fails that write; it never shares a file.
    /// </summary>
    /// <returns>The path.</returns>
    public string NewTempFile() => System.IO.Path.Combine(Path, string.Create(CultureInfo.InvariantCulture, $"state.{Random.Shared.NextInt64():x16}.tmp"));
}
