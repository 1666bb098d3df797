// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.Launching;

internal enum Privilege
{
    Any,
    Root,
    NotRoot,
}
