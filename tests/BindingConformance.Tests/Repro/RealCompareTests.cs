using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Repro;
using BindingConformance.Tests.Shared;
using BindingConformance.Tests.Snapshots;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary>
/// <c>conformance compare</c> with the real Python PyTorch and TorchSharp bindings on the committed LeNet-1 file
/// (fixtures/models) and 64 committed MNIST test digits: each injected bug is localised to the layer it was injected
/// in, and without the bug the same line passes.
/// </summary>
public sealed class RealCompareTests : IDisposable
{
    private static readonly string LeNet1 = Path.Combine(ProductPaths.Root, "fixtures", "models", "LeNet1", "pytorch-python", "model.safetensors");

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("weights-transposed-on-load", "conv1")] // flips the first convolution kernel
    [InlineData("float16-on-save", "conv1")] // rounds every weight: the first layer with weights is the first to move
    [InlineData("activation-swap", "tanh1")] // runs the first tanh as ReLU
    public async Task A_mutant_in_torchsharp_fails_naming_the_layer_of_its_bug_and_passes_without_it(string mutant, string layer)
    {
        var inputs = Path.Combine(folder.Path, "inputs.safetensors");
        InputBatch.FromTestSplit(CompareCommandTests.Mnist, 64).Write(inputs);
        string[] line = ["compare", "--model", "LeNet1", "--format", "safetensors", "--file", LeNet1, "--inputs", inputs, "--bindings", "pytorch-python,torchsharp"];

        var (faulty, faultyOut, faultyErr) = await Compare([.. line, "--mutant", mutant]);
        var (clean, cleanOut, cleanErr) = await Compare(line);

        faulty.Should().Be(1, faultyErr);
        faultyOut.Should().StartWith($"FAIL compare(model: LeNet1, format: safetensors, bindings: pytorch-python→torchsharp, mutant: {mutant}, device: cpu): ")
            .And.Contain($"\nfirst diverging layer: {layer} (");
        clean.Should().Be(0, cleanErr + cleanOut);
        cleanOut.Should().StartWith("PASS compare(model: LeNet1, format: safetensors, bindings: pytorch-python→torchsharp, device: cpu): 64 examples");
    }

    [Theory]
    [InlineData("torchsharp", "hybridization")] // scripted against eager and the approved behaviour
    [InlineData("pytorch-python,torchsharp", "hybridization-conformance")] // against Python's scripted run of the same probe
    public async Task A_frozen_branch_in_torchsharp_scripted_fails_its_execution_mode_cell_and_passes_without_it(string bindings, string kind)
    {
        // A copy of the committed approved behaviour, so the received file of the failing run stays out of the checkout.
        var approved = Path.Combine(folder.Path, "approved", "hybridization");
        Directory.CreateDirectory(approved);
        const string name = "probe=tensor-branch_binding=torchsharp_mode=scripted.approved.json";
        File.Copy(Path.Combine(ProductPaths.Root, "fixtures", "approved", "hybridization", name), Path.Combine(approved, name));
        string[] line = ["compare", "--probe", "tensor-branch", "--mode", "scripted", "--bindings", bindings, "--approved", Path.GetDirectoryName(approved)!];

        var (faulty, faultyOut, faultyErr) = await Compare([.. line, "--mutant", "traced-branch-replayed"]);
        var (clean, cleanOut, cleanErr) = await Compare(line);

        faulty.Should().Be(1, faultyErr);
        faultyOut.Should().StartWith($"FAIL {kind}(probe: tensor-branch, binding: torchsharp, device: cpu, mode: scripted): ").And.Contain("case negative");
        clean.Should().Be(0, cleanErr + cleanOut);
        cleanOut.Should().Be($"PASS {kind}(probe: tensor-branch, binding: torchsharp, device: cpu, mode: scripted)\n");
    }

    [Fact]
    public async Task TensorFlowJs_on_wasm_agrees_with_itself_on_cpu_layer_by_layer_and_a_binding_without_wasm_is_refused()
    {
        var layers = Path.Combine(ProductPaths.Root, "fixtures", "models", "LeNet1", "tfjs", "tfjs-layers");
        var inputs = Path.Combine(folder.Path, "inputs.safetensors");
        InputBatch.FromTestSplit(CompareCommandTests.Mnist, 64).Write(inputs);

        var (wasm, wasmOut, wasmErr) = await Compare(["compare", "--model", "LeNet1", "--format", "tfjs_layers", "--file", layers, "--inputs", inputs,
            "--bindings", "tfjs,tfjs", "--backend", "wasm"]);
        var (torchsharp, _, torchsharpErr) = await Compare(["compare", "--model", "LeNet1", "--format", "safetensors", "--file", LeNet1, "--inputs", inputs,
            "--bindings", "pytorch-python,torchsharp", "--backend", "wasm"]);

        wasm.Should().Be(0, wasmErr + wasmOut);
        wasmOut.Should().StartWith("PASS compare(model: LeNet1, format: tfjs_layers, bindings: tfjs→tfjs, backend: wasm, device: cpu): 64 examples");
        torchsharp.Should().Be(2);
        torchsharpErr.Should().Be("error: torchsharp has no inference backend 'wasm' (alternates: none)\n");
    }

    [Theory]
    [InlineData("weights", float.NaN)]
    [InlineData("weights", float.PositiveInfinity)]
    [InlineData("inputs", float.NaN)]
    public async Task Non_finite_weights_or_inputs_are_a_finding_at_the_first_layer_never_an_equality(string where, float value)
    {
        // Both bindings give the same NaN (or infinity) from conv1 on: counted equal, they passed with 0 deviation.
        var file = LeNet1;
        var batch = InputBatch.FromTestSplit(CompareCommandTests.Mnist, 16);
        if (where == "weights")
        {
            file = Path.Combine(folder.Path, "model.safetensors");
            var tensors = SafetensorsReader.Read(LeNet1).Tensors.Select(t => t.Name == "conv1.weight" ? WithFirst(t, value) : t).ToArray();
            SafetensorsWriter.Write(file, tensors);
        }
        else batch = batch with { Inputs = WithFirst(batch.Inputs, value) };
        var inputs = Path.Combine(folder.Path, "inputs.safetensors");
        batch.Write(inputs);

        var (exit, stdout, stderr) = await Compare(["compare", "--model", "LeNet1", "--format", "safetensors", "--file", file, "--inputs", inputs,
            "--bindings", "pytorch-python,torchsharp"]);

        exit.Should().Be(1, stderr + stdout);
        stdout.Should().StartWith("FAIL ").And.Contain("non-finite logits (NaN or infinity)")
            .And.Contain("\nfirst diverging layer: conv1 (non-finite values, NaN or infinity, first appear in its output; they are never equal)\n");
    }

    [Fact]
    public async Task A_corrupt_model_file_is_bad_input_not_a_failed_comparison()
    {
        var file = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllBytes(file, File.ReadAllBytes(LeNet1)[..200]);
        var inputs = Path.Combine(folder.Path, "inputs.safetensors");
        InputBatch.FromTestSplit(CompareCommandTests.Mnist, 8).Write(inputs);

        var (exit, stdout, stderr) = await Compare(["compare", "--model", "LeNet1", "--format", "safetensors", "--file", file, "--inputs", inputs,
            "--bindings", "pytorch-python,torchsharp"]);

        exit.Should().Be(2, stdout);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith($"error: the reference pytorch-python cannot run {file} as LeNet1 (safetensors): ");
        stderr.TrimEnd('\n').Should().NotContain("\n");
    }

    [Theory]
    [InlineData("pytorch-python,torchsharp")]
    [InlineData("torchsharp,torchsharp")]
    public async Task A_foreign_torchscript_archive_is_refused_as_not_the_named_model_and_its_print_stays_off_stdout(string bindings)
    {
        // A one-layer archive whose output has LeNet-1's shape, [n, 10], and which prints when loaded (its __setstate__).
        var archive = Path.Combine(folder.Path, "foreign.pt");
        var script = Path.Combine(folder.Path, "foreign.py");
        File.WriteAllText(script, """
            import sys, torch
            from typing import Tuple
            class Foreign(torch.nn.Module):
                def __init__(self):
                    super().__init__()
                    self.weight = torch.nn.Parameter(torch.zeros(10, 784))
                @torch.jit.export
                def __getstate__(self):
                    return (self.weight, self.training)
                @torch.jit.export
                def __setstate__(self, state: Tuple[torch.Tensor, bool]):
                    print("FOREIGN-ARCHIVE-RAN")
                    self.weight = state[0]
                    self.training = state[1]
                def forward(self, x):
                    return x.flatten(1) @ self.weight.t()
            torch.jit.script(Foreign()).save(sys.argv[1])
            """);
        using (var python = System.Diagnostics.Process.Start(ShippedWorkers.PythonExecutable, [script, archive]))
        {
            await python.WaitForExitAsync();
            python.ExitCode.Should().Be(0);
        }
        var inputs = Path.Combine(folder.Path, "inputs.safetensors");
        InputBatch.FromTestSplit(CompareCommandTests.Mnist, 8).Write(inputs);

        // The real tool: libtorch's print goes to the process's file descriptor 1, which only a child process shows.
        var (exit, stdout, stderr) = await Cli.ToolProcess.RunAsync(["compare", "--model", "LeNet1", "--format", "torchscript_scripted", "--file", archive,
            "--inputs", inputs, "--bindings", bindings]);

        exit.Should().Be(2, stdout + stderr);
        stdout.Should().BeEmpty("the archive's print must not reach the tool's results");
        // libtorch flushes the archive's print to stderr when it likes, before or after the error line.
        stderr.Split('\n').Should().ContainSingle(l => l.StartsWith("error: ")).Which
            .Should().StartWith($"error: the reference {bindings.Split(',')[0]} cannot run {archive} as LeNet1 (torchscript_scripted): ")
            .And.Match(m => m.Contains("is not a LeNet1 archive") || m.Contains("weights do not match model LeNet1"));
    }

    private static NamedTensor WithFirst(NamedTensor tensor, float value)
    {
        var values = tensor.ToFloats();
        values[0] = value;
        return NamedTensor.FromFloats(tensor.Name, values, [.. tensor.Shape]);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Compare(string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new CompareCommand()], args, stdout, stderr, default);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
