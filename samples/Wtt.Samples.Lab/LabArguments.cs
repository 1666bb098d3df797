// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Samples.Lab;

/// <summary>The sample's options: with none, it starts two agents of its own; with <c>--agent</c>s, it uses real ones.</summary>
/// <param name="Agents">Real agents: machine name to address (<c>--agent lab-a=tcp://10.0.0.5:7447</c>), at least two.</param>
/// <param name="Secret">The agents' shared secret (<c>--secret</c>, or the WTT_SECRET variable).</param>
internal sealed record LabArguments(IReadOnlyDictionary<string, Uri> Agents, string? Secret)
{
    public static LabArguments Parse(string[] args)
    {
        var agents = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        var secret = Environment.GetEnvironmentVariable("WTT_SECRET");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--agent" when i + 1 < args.Length && args[i + 1].Split('=', 2) is [var name, var address]:
                    agents[name] = new Uri(address);
                    i++;
                    break;
                case "--secret" when i + 1 < args.Length:
                    secret = args[++i];
                    break;
                default:
                    throw new ArgumentException(
                        $"Unknown argument '{args[i]}'. Usage: Wtt.Samples.Lab [--agent NAME=tcp://HOST:PORT --agent NAME=tcp://HOST:PORT --secret SECRET]; with no argument the lab runs on two in-process agents.");
            }
        }

        if (agents.Count is 1)
        {
            throw new ArgumentException("Give two agents (--agent NAME=URI twice): the server runs on the first, its peer on the second.");
        }

        return new LabArguments(agents, secret);
    }
}
