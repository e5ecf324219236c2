using System.Diagnostics;
using FluentAssertions;

namespace BindingConformance.Oracles.Tests;

/// <summary>
/// A real TorchScript archive, scripted by Debian's python3 torch 1.13, whose <c>forward()</c> loops on a tensor
/// condition that never turns false: foreign code that never returns, for the time-limit tests of every binding.
/// </summary>
public static class NeverEndingTorchScript
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Writes the archive into <paramref name="folder"/> and returns its path.</summary>
    public static async Task<string> WriteAsync(string folder)
    {
        var script = Path.Combine(folder, "make_forever.py");
        var archive = Path.Combine(folder, "forever.pt");
        // torch.jit.script reads the module's source, so it must live in a file. float32 counting stops at 2**24: steps stays >= 0.
        await File.WriteAllTextAsync(script, """
            import sys
            import torch


            class Forever(torch.nn.Module):
                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    steps = torch.zeros(1)
                    while bool(steps >= 0):
                        steps = steps + 1
                    return x


            torch.jit.script(Forever()).save(sys.argv[1])

            """);
        using var python = Process.Start(new ProcessStartInfo(Python, [script, archive]) { RedirectStandardError = true })!;
        var stderr = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        python.ExitCode.Should().Be(0, stderr);
        return archive;
    }
}
