using System.Diagnostics;
using FluentAssertions;

namespace BindingConformance.Oracles.Tests.OnnxRuntime;

/// <summary>
/// Real ONNX files exported by Debian's python3 torch 1.13 (the onnx package is not installed): a graph whose Loop
/// never ends, for the ONNX Runtime time-limit tests, and the LeNet-1 fixture's traced archive as ONNX.
/// </summary>
public static class OnnxExports
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Exports both into <paramref name="folder"/> and returns their paths.</summary>
    public static async Task<(string NeverEnding, string LeNet1)> WriteAsync(string folder)
    {
        var script = Path.Combine(folder, "make_onnx.py");
        var neverEnding = Path.Combine(folder, "never-ending.onnx");
        var lenet1 = Path.Combine(folder, "lenet1.onnx");
        var traced = Path.Combine(AppContext.BaseDirectory, "TorchSharp", "Fixtures", "lenet1.traced.pt");
        // Exporting a scripted module runs it once on the example input: all twos, so the loop ends at once there. On inputs with
        // a value < 1 (every MNIST digit, the probes' uniform [0, 1) cases) it never ends: float32 counting stops at 2**24, so steps
        // stays >= the minimum - 1. The exported Loop has no trip count limit (INT64_MAX).
        await File.WriteAllTextAsync(script, """
            import sys
            import torch


            class NeverEnding(torch.nn.Module):
                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    steps = torch.zeros(1)
                    while bool(steps >= x.min() - 1):
                        steps = steps + 1
                    return x.flatten(1)[:, :10] + steps


            def export(module, path, example):
                torch.onnx.export(module, (example,), path, input_names=["x"], output_names=["logits"],
                                  dynamic_axes={"x": {0: "n"}, "logits": {0: "n"}}, opset_version=13)


            export(torch.jit.script(NeverEnding()), sys.argv[1], torch.full((2, 1, 28, 28), 2.0))
            export(torch.jit.load(sys.argv[3]), sys.argv[2], torch.zeros(2, 1, 28, 28))

            """);
        using var python = Process.Start(new ProcessStartInfo(Python, [script, neverEnding, lenet1, traced]) { RedirectStandardError = true })!;
        var stderr = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        python.ExitCode.Should().Be(0, stderr);
        return (neverEnding, lenet1);
    }
}
