// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Hosting;

/// <summary>Registered once by <c>AddWttClient</c>, so a second call adds only its configuration.</summary>
internal sealed class WttClientMarker;

/// <summary>Registered once by <c>AddWttAgent</c>, so a second call adds only its configuration.</summary>
internal sealed class WttAgentMarker;
