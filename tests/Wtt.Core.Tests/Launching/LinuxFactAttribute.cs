// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.Launching;

/// <summary>A fact that runs on Linux only, optionally only as root or only as another user.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute(Privilege privilege = Privilege.Any)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only.";
        }
        else if (privilege == Privilege.Root && !ProcFacts.IsRoot)
        {
            Skip = "Needs root.";
        }
        else if (privilege == Privilege.NotRoot && ProcFacts.IsRoot)
        {
            Skip = "Runs as root; the unprivileged path is covered through the effective-uid seam.";
        }
    }
}
