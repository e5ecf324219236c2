using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Reports;
using BindingConformance.Sensitivity;
using BindingConformance.Tests.Reports;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Sensitivity;

/// <summary>
/// <c>conformance sensitivity</c> for real, on the smallest matrix: TorchSharp with a weight-layout bug on load, Python
/// PyTorch and ONNX Runtime, LeNet-1 on the smoke subset, one seed, one clean run.
/// </summary>
public sealed class SensitivityEndToEndTests : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("sensitivity-real-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public async Task A_kernel_flipped_on_load_in_torchsharp_is_caught_by_the_cross_load_cells()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await CommandDispatcher.RunAsync([new SensitivityCommand()],
            ["sensitivity", "--mutants", "weights-transposed-on-load", "--seeds", "1", "--clean-runs", "1", "--out", output], stdout, stderr);

        exit.Should().Be(0, stderr.ToString());
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, SensitivityJsonExporter.FileName)))!;
        json["matrix"]!.AsArray().Select(b => b!.GetValue<string>()).Should().Equal("torchsharp", "pytorch-python", "onnxruntime");
        var mutant = json["mutants"]![0]!;
        mutant["detected"]!.GetValue<bool>().Should().BeTrue(stdout.ToString());
        mutant["failed_cells"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Should()
            .Contain(n => n.StartsWith("cross-load(model: LeNet1, source: pytorch-python, binding: torchsharp"), "torchsharp loads Python's weights with a flipped kernel")
            .And.Contain("own(model: LeNet1, binding: torchsharp, device: cpu, format: torchsharp)", "torchsharp does not reproduce its own trained model")
            .And.NotContain(n => n.StartsWith("cross-load(model: LeNet1, source: torchsharp, binding: pytorch-python"),
                "Python loads torchsharp's true weights and reproduces the model torchsharp trained: the blame stays with torchsharp");
        // Every failed cell of a kind with bundles has its repro bundle, and each evaluation cell's bundle names the flipped
        // kernel's layer (docs/repro.md). The probe's step loads the weights through the same loader, so every gradient moves
        // and the gradient cell names the first from the loss back: the last layer (docs/verdicts.md, "Gradient cells").
        ReportSchema.ShouldValidateFile(mutant["report_directory"]!.GetValue<string>());
        var report = RunReportReader.Read(Path.Combine(mutant["report_directory"]!.GetValue<string>(), "report.json"));
        var failed = report.Cells.Where(c => c.Outcome == CellOutcome.Failed).ToArray();
        failed.Where(c => c.Kind.Name != "gradient").Should().NotBeEmpty().And
            .OnlyContain(c => c.Repro.Bundle != null && (c.Kind.Name == "training" || c.FirstDivergence == "conv1"));
        failed.Single(c => c.Kind.Name == "gradient").FirstDivergence.Should().Be("fc.bias (layer fc)");
        json["memoized_training"]!.AsArray().Select(b => b!.GetValue<string>()).Should().Equal("pytorch-python", "onnxruntime");
        var clean = json["clean_runs"]![0]!;
        clean["seeds"]!.AsArray().Select(s => s!.GetValue<int>()).Should().Equal(1);
        File.Exists(Path.Combine(clean["report_directory"]!.GetValue<string>(), "report.json")).Should().BeTrue();
        stdout.ToString().Should().Contain("weights-transposed-on-load   yes").And.Contain("false-alarm rate: ");
    }
}
