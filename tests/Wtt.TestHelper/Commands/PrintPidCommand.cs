// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Globalization;

namespace Wtt.TestHelper.Commands;

/// <summary><c>print-pid</c>: the operating-system process id.</summary>
internal sealed class PrintPidCommand : IHelperCommand
{
    public string Name => "print-pid";

    public string Arguments => string.Empty;

    public string Description => "Write 'PID <pid>' with this process's operating-system id.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PID {Environment.ProcessId}"));
        return null;
    }
}
