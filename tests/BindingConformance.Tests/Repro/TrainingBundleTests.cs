using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Kinds.Training;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Repro;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.Tests.Runs;
using BindingConformance.Tests.Snapshots;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary>The bundle of a failed training cell: the first diverging step (numbers by hand), seeds, batch order, curves, script and issue.</summary>
public sealed class TrainingBundleTests : IDisposable
{
    private readonly TemporaryDirectory folder = new();

    public void Dispose() => folder.Dispose();

    private static TrainingEvidence Evidence(string id, params double[][] stepLosses) => new(id, Device.Cpu, [7, 8],
        stepLosses.Select(l => new TrainResult([0.5, 0.9], [0.5, 0.88], 0.88, 1, "1.0", []) { StepLosses = l }).ToArray(), null);

    [Fact]
    public void The_first_step_beyond_the_trajectory_tolerance_is_found_in_seed_order()
    {
        // The exact-trajectory rule's measure, relative to the larger loss: seed 7 agrees (|1.5005 − 1.5| / 1.5005 = 3.3e-4
        // ≤ 1e-3); seed 8 parts at its step 3: |1.1 − 1.0| / 1.1 = 0.0909.
        var binding = Evidence("port", [2.0, 1.5005, 1.0], [2.0, 1.6, 1.1]);
        var reference = Evidence("reference", [2.0, 1.5, 1.0], [2.0, 1.6, 1.0]);

        var step = new TrainingBundleWriter(VerdictRules.Default).FirstDivergingStep(binding, reference);

        step.Should().NotBeNull();
        step!.Should().Match<DivergingStep>(s => s.Seed == 8 && s.Step == 3 && s.Loss == 1.1 && s.ReferenceLoss == 1.0);
        step!.RelativeDifference.Should().BeApproximately(0.1 / 1.1, 1e-12);
        new TrainingBundleWriter(VerdictRules.Default).FirstDivergingStep(reference, reference).Should().BeNull();
    }

    [Theory]
    [InlineData(0.5, 1, "FAIL training(model: LeNet1, binding: port, device: cpu): ")]
    [InlineData(0.95, 0, "PASS training(model: LeNet1, binding: port, device: cpu)")]
    public async Task Reproduce_trains_again_and_exits_1_with_the_cells_line_while_it_fails_and_0_once_it_passes(double portAccuracy, int exit, string line)
    {
        WriteBundle();
        var trains = new OracleCapabilities(true, [ModelZoo.LeNet1], [ModelFormat.Safetensors], [ModelFormat.Safetensors]);
        var reference = new ScriptedOracle(new BindingDescriptor("reference", "pytorch", "python", IsDefault: true), trains);
        var port = new ScriptedOracle(new BindingDescriptor("port", "pytorch", "csharp", IsDefault: false), trains) { Train = r => ScriptedOracle.Learned(r, portAccuracy) };
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };

        var code = await CommandDispatcher.RunAsync([new ReproduceCommand(() => new OracleRegistry([reference, port]))], ["reproduce", folder.Path], stdout, stderr);

        code.Should().Be(exit, stderr.ToString());
        var lines = stdout.ToString().Split('\n');
        lines[0].Should().Be($"reproducing training(model: LeNet1, binding: port, device: cpu) (training bundle, {folder.Path}) (trains again: minutes)");
        lines[1].Should().StartWith(line);
        port.TrainRequests.Select(r => r.Seed).Distinct().Should().Equal([7, 8], "the bundle's seeds");
    }

    [Fact]
    public void A_training_bundle_holds_seeds_batch_order_curves_script_and_issue()
    {
        WriteBundle();

        var order = SafetensorsReader.Read(Path.Combine(folder.Path, "batch-order.safetensors"));
        order.Tensors.Select(t => t.Name).Should().Equal("epoch_1", "epoch_2");
        order["epoch_2"].ToInt32().Should().Equal(BatchOrder.Create(7, 10, 2).Epochs[1]);
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "case.json")))!;
        recorded["kind"]!.GetValue<string>().Should().Be("training");
        recorded["case"]!["seeds"]!.AsArray().Select(s => s!.GetValue<int>()).Should().Equal(7, 8);
        recorded["case"]!["first_diverging_step"]!["step"]!.GetValue<int>().Should().Be(2);
        recorded["case"]!["first_diverging_gradient"]!.GetValue<string>().Should().Be("conv2.bias (layer conv2)", "the gradient cell's finding, as given");
        File.ReadAllText(Path.Combine(folder.Path, "ISSUE.md")).Should().Contain("## First diverging gradient").And.Contain("`conv2.bias (layer conv2)`");
        JsonNode.Parse(File.ReadAllText(Path.Combine(folder.Path, "curves.json")))!["reference"]!["seeds"]![1]!["step_losses"]!.AsArray()
            .Select(l => l!.GetValue<double>()).Should().Equal(2.0, 1.6);
        File.ReadAllText(Path.Combine(folder.Path, "reproduce.sh")).Should().Be(ReproBundleWriter.Script);
        File.ReadAllText(Path.Combine(folder.Path, "ISSUE.md")).Should().Contain("conformance run --models LeNet1 --bindings reference,port --devices cpu --seeds 2 --first-seed 7\n");
        File.ReadAllText(Path.Combine(folder.Path, "ISSUE.md")).Should().StartWith("# `port`: training LeNet1 departs from `reference` at step 2 of seed 7\n")
            .And.Contain("Seed 7, step 2: loss 1.2 against `reference`'s 1.5 (relative difference 0.2, tolerance 0.001)");
    }

    private void WriteBundle()
    {
        var model = new PlannedModel(ModelZoo.Get(ModelZoo.LeNet1), new DatasetRef(DatasetNames.Mnist, "unused", 10, 5),
            new TrainingSettings(Epochs: 2, BatchSize: 4), [7, 8], null, new Dictionary<string, string>());
        var cell = CellResult.Failed(new CellKey(TrainingKind.Instance, ModelZoo.LeNet1, "port", Device.Cpu), "exact-trajectory: …") with
        {
            Repro = new CellRepro("conformance run --models LeNet1 --bindings reference,port --devices cpu --seeds 2 --first-seed 7"),
        };
        var environment = new JsonObject { ["machine"] = new JsonObject { ["os"] = "test" }, ["bindings"] = new JsonObject() };

        new TrainingBundleWriter(VerdictRules.Default).Write(cell, model, Evidence("port", [2.0, 1.2], [2.0, 1.6]),
            Evidence("reference", [2.0, 1.5], [2.0, 1.6]), "conv2.bias (layer conv2)", null, environment, folder.Path);
    }
}
