// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;

namespace Wtt.TestHelper;

/// <summary>Reads the arguments of the command line one at a time; each command takes its own.</summary>
internal sealed class ArgumentReader(IReadOnlyList<string> args)
{
    private int position;

    /// <summary>Gets a value indicating whether every argument has been read.</summary>
    public bool AtEnd => position >= args.Count;

    /// <summary>Reads the next argument, which must exist.</summary>
    public string Take(string what)
        => AtEnd ? throw new UsageException($"Missing {what} after '{args[position - 1]}'.") : args[position++];

    /// <summary>Reads the next argument as an integer.</summary>
    public int TakeInt32(string what)
    {
        var text = Take(what);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"'{text}' is not a whole number; {what} is one.");
    }

    /// <summary>Reads the next argument as a non-negative integer.</summary>
    public int TakeCount(string what)
    {
        var value = TakeInt32(what);
        return value >= 0 ? value : throw new UsageException($"{what} is {value}; give zero or more.");
    }

    /// <summary>Reads the next argument when it equals <paramref name="flag"/>.</summary>
    public bool TakeFlag(string flag)
    {
        if (!AtEnd && args[position] == flag)
        {
            position++;
            return true;
        }

        return false;
    }

    /// <summary>Reads every argument left.</summary>
    public IReadOnlyList<string> TakeRest()
    {
        var rest = args.Skip(position).ToArray();
        position = args.Count;
        return rest;
    }
}
