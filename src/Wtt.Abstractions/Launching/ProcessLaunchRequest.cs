// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt;

/// <summary>What a launcher starts: the caller's spec with the identity Wtt assigned to it.</summary>
/// <param name="Spec">The caller's spec.</param>
/// <param name="Id">The id assigned (never nil).</param>
/// <param name="ParentId">The parent resolved (nil for none).</param>
/// <param name="GroupId">The group (nil for none).</param>
public sealed record ProcessLaunchRequest(ProcessStartSpec Spec, WttProcessId Id, WttProcessId ParentId, WttProcessId GroupId)
{
    /// <summary>Gets the variables Wtt adds to the child's environment (see <see cref="WttEnvironment"/>).</summary>
    public IReadOnlyDictionary<string, string> WttVariables { get; init; } = new Dictionary<string, string>();
}
