// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Platform;

/// <summary>The identity of the current boot of the machine.</summary>
internal static class BootId
{
    private static readonly Lazy<Guid> Value = new(Read);

    /// <summary>Gets the boot id (<c>/proc/sys/kernel/random/boot_id</c> on Linux), or <see cref="Guid.Empty"/> when the platform has none.</summary>
    public static Guid Current => Value.Value;

    private static Guid Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Guid.Empty;
        }

        try
        {
            return Guid.TryParse(File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(), out var id) ? id : Guid.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Guid.Empty;
        }
    }
}
