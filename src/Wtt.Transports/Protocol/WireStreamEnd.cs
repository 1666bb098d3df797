// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Protocol;

/// <summary>The last record of an output channel, as JSON: the stream ended, or failed with this error.</summary>
/// <param name="WttCode">The <see cref="WttErrorCode"/> name of the failure; <see langword="null"/> when the stream ended normally.</param>
/// <param name="Message">The failure's message.</param>
/// <param name="ProcessId">The process the failure names, if any.</param>
/// <param name="Machine">The machine the failure names, if any.</param>
internal sealed record WireStreamEnd(string? WttCode = null, string? Message = null, WttProcessId? ProcessId = null, string? Machine = null);
