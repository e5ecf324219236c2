using System.Text.Json.Nodes;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using BindingConformance.Reports;
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

    private CellResult BackendCell(string model) => new(CellKinds.Backend, "LeNet1", Port.Id, Device.Cpu, Wasm, CellOutcome.Failed, "logits differ",
        new JsonObject { ["file"] = model, ["format"] = "safetensors" });

    [Fact]
    public async Task A_failed_backend_cell_is_reproduced_by_the_binding_on_that_backend_against_its_default_one()
    {
        var model = Path.Combine(folder.Path, "model.safetensors");
        File.WriteAllText(model, "weights the layered oracle does not read");
        var oracle = Faulty();
        var registry = new OracleRegistry([oracle]);

        var (c, why) = ReproCases.For(BackendCell(model), registry, folder.Path);

        why.Should().BeNull();
        c.Should().Be(new ReproCase(BackendCell(model).Name, "LeNet1", ModelFormat.Safetensors, model, Device.Cpu, Port.Id, Port.Id, null, Wasm));
        var bundle = Path.Combine(folder.Path, "bundle");
        var comparison = await RunBundles.WriteAsync(registry, c!, InputBatch.FromTestSplit(CompareCommandTests.Mnist, 8), bundle, VerdictRules.Default, default);

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
    public void A_backend_cell_without_its_file_format_has_no_case_and_says_why()
    {
        var cell = BackendCell("model.safetensors");
        cell.Metrics.Remove("format");

        ReproCases.For(cell, new OracleRegistry([Faulty()]), folder.Path).WhyNot.Should().Be("the cell records no file format");
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
