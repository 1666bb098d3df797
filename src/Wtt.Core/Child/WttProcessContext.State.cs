// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Logs;

namespace Wtt.Core;

/// <content>Variations and log files in the state document.</content>
public sealed partial class WttProcessContext
{
    /// <inheritdoc/>
    public async ValueTask RecordVariationAsync(VariationRecord variation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(variation);
        await stateStore.UpdateAsync(Id, d => d with { Variations = [.. d.Variations, variation] }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<LogFileInfo> RegisterLogFileAsync(string path, string? name = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw WttException.InvalidArgument("The log file's path is empty; give the path the process writes its log to.");
        }

        name ??= Path.GetFileName(Path.GetFullPath(path));
        var fullPath = LogFileOpener.ResolveForRegistration(path);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw WttException.InvalidArgument($"The log file '{path}' has no file name; give a file path or a name.");
        }

        LogFileInfo registered = null!;
        await stateStore.UpdateAsync(Id, d =>
        {
            var existing = d.LogFiles.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.Ordinal));
            if (existing is not null)
            {
                registered = string.Equals(existing.Path, fullPath, StringComparison.Ordinal) ? existing
                    : throw WttException.InvalidArgument($"The log name '{name}' is already used for '{existing.Path}'; give '{fullPath}' another name.");
                return d;
            }

            registered = new LogFileInfo(name, fullPath);
            return d with { LogFiles = [.. d.LogFiles, registered] };
        }, cancellationToken).ConfigureAwait(false);
        return registered;
    }
}
