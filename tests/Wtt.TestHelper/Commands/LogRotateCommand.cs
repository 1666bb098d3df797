// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary><c>log-rotate &lt;path&gt;</c>: renames the log to <c>path.1</c> and starts an empty one.</summary>
internal sealed class LogRotateCommand : IHelperCommand
{
    public string Name => "log-rotate";

    public string Arguments => "<path>";

    public string Description => "Rename <path> to <path>.1 (replacing it) and create an empty <path>.";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        var path = args.Take("the log path");
        if (File.Exists(path))
        {
            File.Move(path, path + ".1", overwrite: true);
        }

        using (File.Create(path))
        {
        }

        return null;
    }
}
