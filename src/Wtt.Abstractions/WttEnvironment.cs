// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>The environment variables through which a created process learns its Wtt identity.</summary>
public static class WttEnvironment
{
    /// <summary>The process's own id.</summary>
    public const string ProcessId = "WTT_PROCESS_ID";

    /// <summary>The parent's id (absent for none).</summary>
    public const string ParentId = "WTT_PARENT_ID";

    /// <summary>The group's id (absent for none).</summary>
    public const string GroupId = "WTT_GROUP_ID";

    /// <summary>The folder of the machine's process table.</summary>
    public const string TableFolder = "WTT_TABLE_FOLDER";

    /// <summary>The folder of the machine's state folders.</summary>
    public const string StateFolder = "WTT_STATE_FOLDER";

    /// <summary>The name of the machine the process runs on.</summary>
    public const string Machine = "WTT_MACHINE";

    /// <summary>The process's heartbeat timeout, in milliseconds (-1 for none).</summary>
    public const string DebugTimeoutMilliseconds = "WTT_DEBUG_TIMEOUT_MS";
}
