// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary><c>print-env &lt;NAME&gt;</c>: an environment variable's value.</summary>
internal sealed class PrintEnvCommand : IHelperCommand
{
    /// <summary>The line printed for a variable that is not set.</summary>
    public const string Unset = "<unset>";

    public string Name => "print-env";

    public string Arguments => "<NAME>";

    public string Description => "Write the value of the environment variable <NAME> as one line, or '<unset>'.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.Out.WriteLine(Environment.GetEnvironmentVariable(args.Take("the variable name")) ?? Unset);
        return null;
    }
}
