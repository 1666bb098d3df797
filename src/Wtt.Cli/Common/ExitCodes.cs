// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Cli.Common;

/// <summary>The exit codes of <c>wtt</c>, documented in <c>wtt --help</c> and README.md.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>A wait was not satisfied, or some process's outcome was a failure (unreachable, not stopped).</summary>
    public const int NotSatisfied = 1;

    /// <summary>The command line or the configuration is wrong.</summary>
    public const int Usage = 2;

    /// <summary>A machine could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>The agent refused the secret or the certificate.</summary>
    public const int AuthenticationFailed = 4;

    /// <summary>No such process (or registered log) is known.</summary>
    public const int UnknownProcess = 5;

    /// <summary>The process could not be started (file not found, bad working directory, access denied, table full, duplicate id).</summary>
    public const int StartFailed = 6;

    /// <summary>The agent speaks another protocol, or a message broke the protocol.</summary>
    public const int ProtocolMismatch = 7;

    /// <summary>The agent restarted while the call was pending: its outcome is unknown.</summary>
    public const int AgentRestarted = 8;

    /// <summary>Any other failure; the message says what happened.</summary>
    public const int Failure = 9;

    /// <summary>Interrupted (Ctrl+C, SIGTERM).</summary>
    public const int Cancelled = 130;

    /// <summary>The table printed by <c>wtt --help</c>.</summary>
    public const string Help = """
        Exit codes:
          0    ok
          1    a wait was not satisfied, or a process's outcome failed (unreachable, still running)
          2    usage or configuration error
          3    machine unreachable
          4    authentication refused (secret or certificate)
          5    unknown process or log
          6    the process could not be started
          7    protocol mismatch
          8    the agent restarted during the call (outcome unknown)
          9    other failure
          130  interrupted
        """;

    /// <summary>Maps an error code to the exit code.</summary>
    /// <param name="code">The error.</param>
    /// <returns>The exit code.</returns>
    public static int For(WttErrorCode code) => code switch
    {
        WttErrorCode.InvalidArgument => Usage,
        WttErrorCode.MachineUnreachable or WttErrorCode.Timeout => Unreachable,
        WttErrorCode.AuthenticationFailed => AuthenticationFailed,
        WttErrorCode.UnknownProcess or WttErrorCode.LogNotRegistered => UnknownProcess,
        WttErrorCode.FileNotFound or WttErrorCode.InvalidWorkingDirectory or WttErrorCode.StartFailed
            or WttErrorCode.AccessDenied or WttErrorCode.TableFull or WttErrorCode.DuplicateId => StartFailed,
        WttErrorCode.ProtocolMismatch or WttErrorCode.ProtocolError or WttErrorCode.MessageTooLarge => ProtocolMismatch,
        WttErrorCode.AgentRestarted => AgentRestarted,
        _ => Failure,
    };
}
