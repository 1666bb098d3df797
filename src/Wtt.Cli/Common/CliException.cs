// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Cli.Common;

/// <summary>A failure the command line reports as one line with an exit code (a bad value, a missing argument).</summary>
internal sealed class CliException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CliException"/> class.</summary>
    /// <param name="exitCode">The exit code.</param>
    /// <param name="message">What is wrong and what to do.</param>
    public CliException(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    /// <summary>Initializes a new instance of the <see cref="CliException"/> class with <see cref="ExitCodes.Usage"/>.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public CliException(string message)
        : this(ExitCodes.Usage, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CliException"/> class.</summary>
    public CliException()
        : this(ExitCodes.Failure, "wtt failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CliException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CliException(string message, Exception innerException)
        : base(message, innerException) => ExitCode = ExitCodes.Failure;

    /// <summary>Gets the exit code.</summary>
    public int ExitCode { get; }
}
