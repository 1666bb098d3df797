// Copyright (c) Wtt developers. Licensed under the MIT license.

namespace Wtt.Core.Tests.Contracts;

/// <summary>Asserts about <see cref="WttException"/> codes.</summary>
internal static class WttAssert
{
    public static WttException Throws(WttErrorCode code, Action action)
    {
        var e = Assert.Throws<WttException>(action);
        Assert.Equal(code, e.ErrorCode);
        return e;
    }

    public static async Task<WttException> ThrowsAsync(WttErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<WttException>(action);
        Assert.Equal(code, e.ErrorCode);
        return e;
    }
}
