using System.Diagnostics;
using FluentAssertions;

namespace BindingConformance.Oracles.Tests;

/// <summary>
/// A real TorchScript archive, scripted by Debian's python3 torch 1.13, with a model's weights and a <c>forward()</c> that
/// loops on a tensor condition that never turns false: foreign code that never returns, for the time-limit tests of every binding.
/// </summary>
public static class NeverEndingTorchScript
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Writes the archive, with <paramref name="model"/>'s weights (names and shapes), into <paramref name="folder"/> and returns its path.</summary>
    public static async Task<string> WriteAsync(string folder, BindingConformance.Oracles.Models.ModelSpec model)
    {
        var script = Path.Combine(folder, "make_forever.py");
        var archive = Path.Combine(folder, "forever.pt");
        // The model's weights, so that the archive loads as that model and its forward() is what runs for ever.
        string shapes;
        using (var spec = new BindingConformance.Oracles.TorchSharp.SpecModule(model))
            shapes = System.Text.Json.JsonSerializer.Serialize(spec.state_dict().ToDictionary(p => p.Key, p => p.Value.shape));
        // torch.jit.script reads the module's source, so it must live in a file. float32 counting stops at 2**24: steps stays >= 0.
        await File.WriteAllTextAsync(script, """
            import json
            import sys
            import torch


            class Forever(torch.nn.Module):
                def __init__(self, shapes):
                    super().__init__()
                    for name, shape in shapes.items():
                        owner = self
                        *path, leaf = name.split(".")
                        for part in path:
                            if not hasattr(owner, part):
                                owner.add_module(part, torch.nn.Module())
                            owner = getattr(owner, part)
                        owner.register_parameter(leaf, torch.nn.Parameter(torch.zeros(shape)))

                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    steps = torch.zeros(1)
                    while bool(steps >= 0):
                        steps = steps + 1
                    return x


            torch.jit.script(Forever(json.loads(sys.argv[2]))).save(sys.argv[1])

            """);
        using var python = Process.Start(new ProcessStartInfo(Python, [script, archive, shapes]) { RedirectStandardError = true })!;
        var stderr = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        python.ExitCode.Should().Be(0, stderr);
        return archive;
    }
}
