// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary>One command of the helper: its name, its help, and what it does.</summary>
/// <remarks>
/// To add a command, write a class in this folder and list it in <see cref="CommandTable.Default"/>.
/// Commands that act through the Wtt child-side API reach it through <see cref="HelperContext"/>.
/// </remarks>
internal interface IHelperCommand
{
    /// <summary>Gets the name on the command line.</summary>
    string Name { get; }

    /// <summary>Gets the arguments as the help shows them, e.g. <c>&lt;ms&gt;</c>.</summary>
    string Arguments { get; }

    /// <summary>Gets what the command does, for the help.</summary>
    string Description { get; }

    /// <summary>Reads the command's arguments from <paramref name="args"/> and runs it.</summary>
    /// <remarks>A command that blocks (sleeps or waits) calls <see cref="HelperContext.EnsureReady"/> first.</remarks>
    /// <returns>An exit code to end the process with, or <see langword="null"/> to run the next command.</returns>
    int? Run(HelperContext context, ArgumentReader args);
}
