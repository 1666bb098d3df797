// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper;

/// <summary>Thrown when the command line names an unknown command or gives a bad argument.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
