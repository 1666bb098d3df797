// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Text;

namespace Wtt;

/// <content>
/// Checking a spec before any of it reaches the operating system: every string that ends up in a C string
/// (execve's file, arguments and environment, chdir's directory, getpwnam's user, open's log path) must be
/// non-null, free of NUL characters and of a size the kernel accepts, so no input can crash or confuse native code.
/// </content>
public sealed partial record ProcessStartSpec
{
    /// <summary>The longest path accepted for the file, the working directory and a log file, in UTF-8 bytes (Linux PATH_MAX).</summary>
    public const int MaxPathBytes = 4096;

    /// <summary>The longest single argument or environment entry, in UTF-8 bytes (Linux MAX_ARG_STRLEN).</summary>
    public const int MaxArgumentBytes = 128 * 1024;

    /// <summary>The largest total of arguments and environment entries, in UTF-8 bytes (Linux's default ARG_MAX).</summary>
    public const int MaxCommandLineBytes = 2 * 1024 * 1024;

    /// <summary>The longest user name, in characters.</summary>
    public const int MaxUserNameLength = 256;

    /// <summary>Checks the spec and throws what is wrong with it.</summary>
    /// <exception cref="WttException">
    /// <see cref="WttErrorCode.InvalidArgument"/>: the file name is empty; a string (file, argument, variable name or
    /// value, working directory, log file, user) is null where it must not be, holds a NUL character or is longer
    /// than the kernel accepts; a variable name is empty or holds '='; <see cref="RunAs"/> has no user name; or the
    /// debug timeout is negative and not infinite. The message names the field and the fix.
    /// </exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(FileName))
        {
            throw WttException.InvalidArgument("ProcessStartSpec.FileName is empty; give the path or the name of an executable.");
        }

        CheckPath(FileName, "ProcessStartSpec.FileName");
        if (WorkingDirectory is not null)
        {
            if (string.IsNullOrWhiteSpace(WorkingDirectory))
            {
                throw WttException.InvalidArgument("ProcessStartSpec.WorkingDirectory is empty; give a directory, or null for the creator's own.");
            }

            CheckPath(WorkingDirectory, "ProcessStartSpec.WorkingDirectory");
        }

        long total = ValidateArguments() + ValidateEnvironment();
        if (total > MaxCommandLineBytes)
        {
            throw WttException.InvalidArgument($"ProcessStartSpec.Arguments and Environment together are {total} bytes; the limit is {MaxCommandLineBytes}. Pass bulky data in a file.");
        }

        ValidateLogFiles();
        ValidateRunAs();
        WttTimeouts.ValidateDebugTimeout(DebugTimeout, nameof(DebugTimeout));
    }

    private static void CheckNoNul(string value, string field)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw WttException.InvalidArgument($"{field} holds a NUL character, which the operating system cannot pass; remove it.");
        }
    }

    private static void CheckPath(string path, string field)
    {
        CheckNoNul(path, field);
        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            throw WttException.InvalidArgument($"{field} is longer than {MaxPathBytes} bytes; give a shorter path.");
        }
    }

    private long ValidateArguments()
    {
        if (Arguments is null)
        {
            throw WttException.InvalidArgument("ProcessStartSpec.Arguments is null; pass an empty list for no arguments.");
        }

        long total = 0;
        for (var i = 0; i < Arguments.Count; i++)
        {
            var argument = Arguments[i] ?? throw WttException.InvalidArgument($"ProcessStartSpec.Arguments[{i}] is null; pass an empty string for an empty argument.");
            CheckNoNul(argument, $"ProcessStartSpec.Arguments[{i}]");
            var bytes = Encoding.UTF8.GetByteCount(argument) + 1;
            if (bytes > MaxArgumentBytes)
            {
                throw WttException.InvalidArgument($"ProcessStartSpec.Arguments[{i}] is {bytes} bytes; the limit of one argument is {MaxArgumentBytes}. Pass bulky data in a file.");
            }

            total += bytes;
        }

        return total;
    }

    private long ValidateEnvironment()
    {
        if (Environment is null)
        {
            throw WttException.InvalidArgument("ProcessStartSpec.Environment is null; pass an empty dictionary for no changes.");
        }

        long total = 0;
        foreach (var (name, value) in Environment)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains('=', StringComparison.Ordinal))
            {
                throw WttException.InvalidArgument($"ProcessStartSpec.Environment holds the variable name '{name}', which is empty or has '='; give plain variable names.");
            }

            CheckNoNul(name, "A variable name of ProcessStartSpec.Environment");
            if (value is not null)
            {
                CheckNoNul(value, $"ProcessStartSpec.Environment[\"{name}\"]");
            }

            var bytes = Encoding.UTF8.GetByteCount(name) + 2 + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));
            if (bytes > MaxArgumentBytes)
            {
                throw WttException.InvalidArgument($"ProcessStartSpec.Environment[\"{name}\"] is {bytes} bytes; the limit of one variable is {MaxArgumentBytes}. Pass bulky data in a file.");
            }

            total += bytes;
        }

        return total;
    }

    private void ValidateLogFiles()
    {
        if (LogFiles is null)
        {
            throw WttException.InvalidArgument("ProcessStartSpec.LogFiles is null; pass an empty list for no logs.");
        }

        for (var i = 0; i < LogFiles.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(LogFiles[i]))
            {
                throw WttException.InvalidArgument($"ProcessStartSpec.LogFiles[{i}] is empty; give the path of a log file.");
            }

            CheckPath(LogFiles[i], $"ProcessStartSpec.LogFiles[{i}]");
        }
    }

    private void ValidateRunAs()
    {
        if (RunAs is not { } user)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(user.UserName))
        {
            throw WttException.InvalidArgument("ProcessStartSpec.RunAs has no user name; give RunAs.UserName, or leave RunAs null to run as the creator's user.");
        }

        CheckNoNul(user.UserName, "ProcessStartSpec.RunAs.UserName");
        if (user.UserName.Length > MaxUserNameLength)
        {
            throw WttException.InvalidArgument($"ProcessStartSpec.RunAs.UserName is longer than {MaxUserNameLength} characters; give an existing user name.");
        }

        if (user.Domain is not null)
        {
            CheckNoNul(user.Domain, "ProcessStartSpec.RunAs.Domain");
        }

        if (user.Password is not null)
        {
            CheckNoNul(user.Password, "ProcessStartSpec.RunAs.Password");
        }
    }
}
