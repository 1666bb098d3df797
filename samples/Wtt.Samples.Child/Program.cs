// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Samples.Child;

// With "child --log PATH" this program is the Wtt-based child; with no argument it is the caller, which opens
// a machine's Wtt, starts this same program as its child, talks to it and stops it.
return args is ["child", "--log", var log]
    ? await ChildProgram.RunAsync(log)
    : await Caller.RunAsync();
