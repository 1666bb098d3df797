// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Launching;

internal enum Privilege
{
    Any,
    Root,
    NotRoot,
}
