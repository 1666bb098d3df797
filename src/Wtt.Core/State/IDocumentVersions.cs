// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core;

/// <summary>
/// A count per process of the writes of its state document, shared by every process of the machine (the process
/// table's row carries it): a writer moves it once its document is in place, and a reader that kept the document it
/// read with the count it saw needs no look at the file while the count stays.
/// </summary>
internal interface IDocumentVersions
{
    /// <summary>Reads a process's count.</summary>
    /// <param name="id">The process.</param>
    /// <returns>The count, or <see langword="null"/> when the process is not in the table (nothing is known then).</returns>
    long? Read(WttProcessId id);

    /// <summary>Moves a process's count, after a write of its document is in place; nothing when the process is not in the table.</summary>
    /// <param name="id">The process.</param>
    void Written(WttProcessId id);
}
