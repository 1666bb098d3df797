// Copyright (c) Wtt developers. Licensed under the MIT license.

using Wtt.Samples.Lab;

// With "--role NAME --log PATH" this program is one of the lab's processes (a Wtt-based child);
// otherwise it is the test script that drives the lab.
return args is ["--role", var role, "--log", var log]
    ? await LabRole.RunAsync(role, log)
    : await LabScenario.RunAsync(LabArguments.Parse(args));
