// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Core.Launching.Native;

namespace Wtt.Core;

/// <summary>
/// Finds the file to execute before anything starts, so a missing or non-executable file is a precise
/// error rather than a child that exits with 127: a name with a '/' is a path (relative to the
/// creator's working directory), a bare name is looked up on the child's <c>PATH</c> as <c>execvp</c> does.
/// </summary>
internal static class ExecutableResolver
{
    /// <summary>Resolves <paramref name="fileName"/> to an absolute path.</summary>
    /// <returns>The path.</returns>
    /// <exception cref="WttException"><see cref="WttErrorCode.FileNotFound"/> or <see cref="WttErrorCode.AccessDenied"/>.</exception>
    public static string Resolve(string fileName, string? pathVariable, WttProcessId id)
    {
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(fileName);
            return Check(full, id) ?? throw NotFound($"The executable '{full}' does not exist; check the path.", id);
        }

        var deniedAt = (string?)null;
        foreach (var dir in (pathVariable ?? "/usr/local/bin:/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.Length == 0 ? "." : dir, fileName));
            if (!File.Exists(candidate))
            {
                continue;
            }

            if (LibC.access(candidate, LibC.X_OK) == 0)
            {
                return candidate;
            }

            deniedAt ??= candidate;
        }

        return deniedAt is not null
            ? throw Denied(deniedAt, id)
            : throw NotFound($"'{fileName}' was not found on PATH ({pathVariable}); give a full path or add its folder to PATH.", id);
    }

    private static string? Check(string path, WttProcessId id)
    {
        if (Directory.Exists(path))
        {
            throw new WttException(WttErrorCode.AccessDenied, $"'{path}' is a directory, not an executable file; give the path of a program.", null, id);
        }

        if (!File.Exists(path))
        {
            return null;
        }

        return LibC.access(path, LibC.X_OK) == 0 ? path : throw Denied(path, id);
    }

    private static WttException Denied(string path, WttProcessId id)
        => new(WttErrorCode.AccessDenied, $"'{path}' is not executable by this user; set its execute permission (chmod +x) or run it through its interpreter.", null, id);

    private static WttException NotFound(string message, WttProcessId id) => new(WttErrorCode.FileNotFound, message, null, id);
}
