// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.TestHelper.Commands;

/// <summary>Reports initialisation.</summary>
internal sealed class InitCommand : IHelperCommand
{
    public string Name => "init";

    public string Arguments => string.Empty;

    public string Description => "Report initialised to Wtt (needs attach).";

    public int? Run(HelperContext context, ArgumentReader args)
    {
        context.RequireWtt(Name).ReportInitializedAsync().AsTask().GetAwaiter().GetResult();
        return null;
    }
}
