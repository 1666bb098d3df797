// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Options;

namespace Wtt.Hosting;

/// <summary>Checks <see cref="WttClientOptions"/> at start; each message names the option and the fix.</summary>
/// <param name="transports">The registered transports, whose schemes machine addresses may use.</param>
/// <param name="time">The clock the client certificate must be valid by; <see langword="null"/> for the system's.</param>
internal sealed class WttClientOptionsValidator(IEnumerable<IWttTransport> transports, TimeProvider? time = null) : IValidateOptions<WttClientOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, WttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.MachineName))
        {
            failures.Add("Wtt:MachineName is empty; leave it unset for the host name, or give this machine's name.");
        }

        if (string.IsNullOrWhiteSpace(options.TableFolder))
        {
            failures.Add("Wtt:TableFolder is empty; leave it unset for the machine's default, or give a folder such as /dev/shm/wtt.");
        }

        if (options.TableCapacity is < 1 or > WttClientOptions.MaxTableCapacity)
        {
            failures.Add($"Wtt:TableCapacity is {options.TableCapacity}; give a number of rows from 1 to {WttClientOptions.MaxTableCapacity}.");
        }

        if (options.StateRetention <= TimeSpan.Zero)
        {
            failures.Add($"Wtt:StateRetention is {options.StateRetention}; give a positive time such as 3.00:00:00.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero && options.ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"Wtt:ConnectTimeout is {options.ConnectTimeout}; give a positive time such as 00:00:05.");
        }

        if (!Enum.IsDefined(options.WireEncoding))
        {
            failures.Add($"Wtt:WireEncoding is {options.WireEncoding}; give MessagePack (the default) or Json.");
        }

        var schemes = transports.Select(t => t.Scheme).ToList();
        foreach (var (machine, address) in options.Machines)
        {
            if (string.IsNullOrWhiteSpace(machine))
            {
                failures.Add("Wtt:Machines has an entry with an empty name; give each machine a name.");
                continue;
            }

            if (EndpointRules.Check($"Wtt:Machines:{machine}", address, schemes, out _) is { } failure)
            {
                failures.Add(failure);
            }
        }

        TlsSettings.Client(options.Tls, (time ?? TimeProvider.System).GetUtcNow(), failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
