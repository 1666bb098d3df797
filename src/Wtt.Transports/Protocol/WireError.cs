// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports.Protocol;

/// <summary>The <c>data</c> of a JSON-RPC error that carries a <see cref="WttException"/>.</summary>
/// <param name="WttCode">The code's name, such as <c>UnknownProcess</c>.</param>
/// <param name="ProcessId">The process involved, if any.</param>
/// <param name="Machine">The machine involved, if any.</param>
internal sealed record WireError(string WttCode, WttProcessId? ProcessId = null, string? Machine = null);
