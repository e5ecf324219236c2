using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Repro;
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

    private static async Task<(int Exit, string Stdout, string Stderr)> Compare(string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new CompareCommand()], args, stdout, stderr, default);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
