// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Transports;

/// <summary>Checks of transport addresses.</summary>
internal static class TransportAddress
{
    /// <summary>Throws unless <paramref name="address"/> has <paramref name="scheme"/>.</summary>
    public static void Check(Uri address, string scheme)
    {
        if (address is null || !address.IsAbsoluteUri || !string.Equals(address.Scheme, scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw WttException.InvalidArgument($"Address '{address}' is not a {scheme}:// address; write it as {scheme}://...");
        }
    }

    /// <summary>Gets the name of a <c>pipe://name</c> or <c>memory://name</c> address.</summary>
    public static string Name(Uri address, string scheme)
    {
        Check(address, scheme);
        var name = address.Host;
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw WttException.InvalidArgument($"Address '{address}' needs a name of ASCII letters, digits, '.', '-' or '_': {scheme}://name.");
        }

        return name;
    }

    /// <summary>Makes the error for a connection that failed.</summary>
    public static WttException Unreachable(Uri address, string why, Exception? inner = null)
        => new(WttErrorCode.MachineUnreachable, $"Could not connect to {address}: {why}. Check that the agent runs there and the address is right.", inner);
}
