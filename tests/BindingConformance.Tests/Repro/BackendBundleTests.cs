using BindingConformance.Cells;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Kinds.Evaluation;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Repro;
using BindingConformance.Runs;
using BindingConformance.Tests.Snapshots;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary>
/// Backend cells' repro bundles with an in-memory layered binding whose alternate backend is faulty: the case is the binding
/// on that backend against itself on its default one, and the bundle's compare line fails as its verdict says.
/// </summary>
public sealed class BackendBundleTests : IDisposable
{
    private static readonly BindingDescriptor Port = CompareCommandTests.Port;
    private const string Wasm = "wasm";

    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    private static LayeredOracle Faulty() => new(Port, "tanh1", 0.5f) { FaultyBackend = Wasm };

    private static CellResult BackendCell(string format = "safetensors") =>
        CellResult.Failed(new CellKey(BackendKind.Instance, "LeNet1", Port.Id, Device.Cpu) { Format = format, Backend = Wasm }, "logits differ");

    private CellEngine Engine(IBindingOracle oracle) => new(new OracleRegistry([oracle]), new RunPlan("harness", [LeNet1], [Device.Cpu], folder.Path),
        new Progress<string>());

    private static PlannedModel LeNet1 => new(ModelZoo.Get(ModelZoo.LeNet1), new DatasetRef(DatasetNames.Mnist, CompareCommandTests.Mnist, 8, 8),
        new TrainingSettings(1, 8), [1], null, new Dictionary<string, string>());

    [Fact]
    public async Task A_failed_backend_cell_is_reproduced_by_the_binding_on_that_backend_against_its_default_one()
    {
        var model = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllText(model, "weights the layered oracle does not read");
        var oracle = Faulty();
        var registry = new OracleRegistry([oracle]);

        var (c, why) = ForwardCases.For(Engine(oracle), BackendCell(), LeNet1, model, ModelFormat.Safetensors);

        why.Should().BeNull();
        c.Should().Be(new ReproCase(BackendCell().Name, "LeNet1", ModelFormat.Safetensors, model, Device.Cpu, Port.Id, Port.Id, null, Wasm) { Data = CompareCommandTests.Mnist });
        var bundle = Path.Combine(folder.Path, "bundle");
        var comparison = await ForwardBundles.WriteAsync(registry, c!, InputBatch.FromTestSplit(CompareCommandTests.Mnist, 8), bundle, VerdictRules.Default, default);

        comparison.Table.FirstDiverging.Should().Be("tanh1");
        oracle.ActivationRequests.Select(r => r.Backend).Should().Equal(null, Wasm);
        var verdict = File.ReadAllText(Path.Combine(bundle, ReproBundle.VerdictFile)).TrimEnd('\n');
        verdict.Should().StartWith($"FAIL compare(model: LeNet1, format: safetensors, bindings: {Port.Id}→{Port.Id}, backend: {Wasm}, device: cpu): ");
        var (reproduced, reproducedOut, reproducedErr) = await Run(["reproduce", bundle]);
        reproduced.Should().Be(1, reproducedErr);
        reproducedOut.Split('\n')[1].Should().Be(verdict, "reproduce runs the bundle's case: the binding on its backend against its default");

        string[] line = ["compare", "--model", "LeNet1", "--format", "safetensors", "--file", Path.Combine(bundle, "model", "model.safetensors"),
            "--inputs", Path.Combine(bundle, ReproBundle.InputsFile), "--bindings", $"{Port.Id},{Port.Id}"];
        var (clean, cleanOut, cleanErr) = await Run(line);
        clean.Should().Be(0, cleanErr + cleanOut);
    }

    [Fact]
    public async Task A_backend_the_binding_lacks_is_refused_in_one_line()
    {
        var model = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllText(model, "weights");
        var (exit, _, stderr) = await Run(["compare", "--model", "LeNet1", "--format", "safetensors", "--file", model,
            "--inputs", Inputs(), "--bindings", $"{Port.Id},{Port.Id}", "--backend", "webgpu"]);

        exit.Should().Be(2);
        stderr.Should().Be($"error: {Port.Id} has no inference backend 'webgpu' (alternates: {Wasm})\n");
    }

    [Fact]
    public void A_backend_cell_of_a_format_the_binding_cannot_run_layer_by_layer_has_no_case_and_says_why()
    {
        var oracle = Faulty();

        ForwardCases.For(Engine(oracle), BackendCell("torchsharp"), LeNet1, "model.pt", ModelFormat.TorchSharp).WhyNot
            .Should().Be($"{Port.Id} does not run torchsharp files layer by layer on cpu");
    }

    private string Inputs()
    {
        var path = Path.Combine(folder.Path, "inputs.safetensors");
        InputBatch.FromTestSplit(CompareCommandTests.Mnist, 8).Write(path);
        return path;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = await CommandDispatcher.RunAsync([new CompareCommand(() => new OracleRegistry([Faulty()])), new ReproduceCommand(() => new OracleRegistry([Faulty()]))],
            args, stdout, stderr, default);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
