// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;

namespace Wtt.Fuzz;

/// <summary>How long a run is and which seed drives it: arguments first, then environment variables, then the short form's defaults.</summary>
/// <param name="Cases">The cases to send (handshake lines and frames), at least.</param>
/// <param name="Seconds">The time limit of the sending; the run stops at whichever of the two comes first.</param>
/// <param name="Seed">The seed of the generators; the same seed sends the same inputs on each worker.</param>
internal sealed record FuzzSettings(int Cases, int Seconds, int Seed)
{
    /// <summary>The short form, run by .ci/run.</summary>
    public const int ShortCases = 20_000;

    public static FuzzSettings Parse(string[] args)
    {
        string? Option(string name, string variable)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : Environment.GetEnvironmentVariable(variable);
        }

        static int Number(string? text, int fallback) => text is null ? fallback : int.Parse(text, CultureInfo.InvariantCulture);
        var cases = Number(Option("--cases", "WTT_FUZZ_CASES"), ShortCases);
        return new FuzzSettings(
            cases,
            Number(Option("--seconds", "WTT_FUZZ_SECONDS"), cases <= ShortCases ? 40 : 1800),
            Number(Option("--seed", "WTT_FUZZ_SEED"), Environment.TickCount & 0x7FFF_FFFF));
    }
}
