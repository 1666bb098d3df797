// Copyright (c) Wtt developers. Licensed under the MIT license.

using System.Diagnostics;

namespace Wtt.TestHelper.Spawning;

/// <summary>
/// Copies a child's standard output to this process's, line by line, except the child's READY
/// marker, which it records instead.
/// </summary>
internal sealed class ChildRelay
{
    private readonly StreamReader output;
    private readonly TextWriter destination;
    private readonly ManualResetEventSlim ready = new(false);
    private readonly Thread thread;

    public ChildRelay(Process child, TextWriter destination)
    {
        output = child.StandardOutput;
        this.destination = destination;
        thread = new Thread(Pump) { Name = $"relay-{child.Id}", IsBackground = true };
        thread.Start();
    }

    /// <summary>Waits until the child printed READY or its output ended (it died before setting up).</summary>
    public void WaitForReady() => ready.Wait();

    /// <summary>Waits until the child's output ends: the child and every descendant holding it exited.</summary>
    public void WaitForEnd() => thread.Join();

    private void Pump()
    {
        try
        {
            while (output.ReadLine() is { } line)
            {
                if (line == HelperContext.ReadyMarker)
                {
                    ready.Set();
                }
                else
                {
                    destination.WriteLine(line);
                }
            }
        }
        finally
        {
            ready.Set();
        }
    }
}
