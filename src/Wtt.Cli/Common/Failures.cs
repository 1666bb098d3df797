// Copyright (c) Wtt developers. Licensed under the MIT license.

using Microsoft.Extensions.Options;
using Wtt.Cli.Configuration;

namespace Wtt.Cli.Common;

/// <summary>Turns whatever stopped a command into one line on standard error and an exit code; never a stack trace.</summary>
internal static class Failures
{
    /// <summary>Reports a failure.</summary>
    /// <param name="error">Where the line goes.</param>
    /// <param name="context">The command's context, for machine addresses; <see langword="null"/> before it was made.</param>
    /// <param name="machine">The machine the command was about, if any.</param>
    /// <param name="exception">What stopped the command.</param>
    /// <returns>The exit code.</returns>
    public static int Report(TextWriter error, CliContext? context, string? machine, Exception exception)
    {
        var (code, line) = exception switch
        {
            CliException cli => (cli.ExitCode, cli.Message),
            WttException wtt => (ExitCodes.For(wtt.ErrorCode), Describe(context, wtt.Machine ?? machine, wtt)),
            OptionsValidationException options => (ExitCodes.Usage, $"the configuration is not valid: {string.Join("; ", options.Failures)}"),
            OperationCanceledException => (ExitCodes.Cancelled, "interrupted."),
            _ => (ExitCodes.Failure, $"{exception.GetType().Name}: {exception.Message}"),
        };
        error.WriteLine($"wtt: {OneLine(line)}");
        return code;
    }

    private static string Describe(CliContext? context, string? machine, WttException exception)
    {
        var where = machine is null || machine == CliContext.LocalAgentMachine
            ? machine is null ? null : $"this machine's agent ({context?.AddressOf(machine) ?? "see Wtt:Agent:Endpoints"})"
            : $"machine '{machine}'" + (context?.AddressOf(machine) is { } address ? $" ({address})" : string.Empty);
        return exception.ErrorCode switch
        {
            WttErrorCode.MachineUnreachable when machine is not null && context?.AddressOf(machine) is null && machine != CliContext.LocalAgentMachine
                => $"no address is configured for machine '{machine}'; add Wtt:Machines:{machine} to the configuration (WTT_Wtt__Machines__{machine}=tcp://host:7447), or check the name with 'wtt machines'.",
            WttErrorCode.UnknownProcess when !exception.ProcessId.IsNil
                => $"no process {exception.ProcessId} is known on {(machine is null ? "this machine" : $"machine '{machine}'")}; check the id with 'wtt ps{(machine is null ? string.Empty : $" --machine {machine}")}'.",
            WttErrorCode.MachineUnreachable when where is not null => $"{where} is unreachable: {exception.Message}",
            WttErrorCode.AuthenticationFailed => $"{where ?? "the agent"} refused this caller: {exception.Message} Check that Wtt:SharedSecret (WTT_Wtt__SharedSecret) is the agent's secret.",
            WttErrorCode.ProtocolMismatch => $"{where ?? "the agent"} speaks another protocol: {exception.Message}",
            _ => exception.Message,
        };
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
