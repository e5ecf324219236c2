using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.SampleSuite;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Extension;

/// <summary>
/// A model of the user's own on a theory's model axis (<see cref="ModelSpecAttribute"/>): its cells are named by the spec's
/// name, planned from its file by the same engine as <c>conformance run --model-spec</c> and judged alike; a binding that does
/// not build one of its layer kinds skips in its own words; a broken spec file is one failing case naming the field.
/// </summary>
public sealed class ModelSpecTheoryTests : IDisposable
{
    private const string SpecFile = "tests/BindingConformance.SampleSuite/specs/tiny-mlp.json";

    private readonly InProcessXunit xunit = new(typeof(EngineRegistry).Assembly);
    private readonly string output = Directory.CreateTempSubdirectory("model-spec-theories-").FullName;

    public void Dispose()
    {
        xunit.Dispose();
        Directory.Delete(output, recursive: true);
    }

    [Fact]
    public void The_spec_is_the_model_of_its_cells_and_survives_serialization()
    {
        var cases = xunit.Discover(nameof(ModelSpecTheories)).Where(c => c.TestMethod.Method.Name != nameof(ModelSpecTheories.BrokenSpec)).ToArray();

        cases.Select(c => c.DisplayName).Should().Equal(
            "Training(model: TinyMlp, binding: port, device: cpu)",
            "Training(model: TinyMlp, binding: drifting, device: cpu)",
            "CrossLoad(model: TinyMlp, binding: port, device: cpu, format: safetensors)",
            "CrossLoad(model: TinyMlp, binding: scaling, device: cpu, format: safetensors)",
            "WeightTransfer(model: TinyMlp, binding: js, device: cpu, format: safetensors)");
        cases.Should().OnlyContain(c => c.Traits["Model"].Single() == "TinyMlp");
        var restored = cases.Select(c => xunit.Deserialize(xunit.Serialize(c))).ToArray();
        restored.Select(c => c.UniqueID).Should().Equal(cases.Select(c => c.UniqueID));
        xunit.Run(restored).Should().BeEquivalentTo(xunit.Run(cases), "a deserialized case still knows its spec file");
    }

    [Fact]
    public async Task Each_cell_gets_the_verdict_conformance_run_gives_the_same_spec_and_a_layer_kind_a_binding_lacks_is_its_skip()
    {
        var outcomes = xunit.Run(xunit.Discover(nameof(ModelSpecTheories)).Where(c => c.TestMethod.Method.Name != nameof(ModelSpecTheories.BrokenSpec)));
        var registry = new EngineRegistry();
        var spec = ModelSpecFile.Read(Path.Combine(ProductPaths.Root, SpecFile));
        var plan = TierPolicy.Smoke.Plan([], [1, 2, 3, 4, 5], [Device.Cpu], output, registry.Oracles, new Progress<string>(), [spec]);
        var report = await new ConformanceRunner(registry, plan, new Progress<string>()).RunAsync(CancellationToken.None);

        outcomes.Select(o => (o.DisplayName, o.Result)).Should().BeEquivalentTo(new[] {
            ("Training(model: TinyMlp, binding: port, device: cpu)", "Passed"),
            ("Training(model: TinyMlp, binding: drifting, device: cpu)", "Failed"),
            ("CrossLoad(model: TinyMlp, binding: port, device: cpu, format: safetensors)", "Passed"),
            ("CrossLoad(model: TinyMlp, binding: scaling, device: cpu, format: safetensors)", "Failed"),
            ("WeightTransfer(model: TinyMlp, binding: js, device: cpu, format: safetensors)", "Skipped") });
        var skip = outcomes.Single(o => o.Result == "Skipped").Message;
        skip.Should().Be("js does not build layer kind 'relu' (layer 'relu1' of TinyMlp): this sample binding has no relu");
        Cell(report, "training", "drifting", null).Outcome.Should().Be(CellOutcome.Failed);
        Cell(report, "training", "port", null).Outcome.Should().Be(CellOutcome.Passed);
        Cell(report, "cross-load", "scaling", "pytorch").Outcome.Should().Be(CellOutcome.Failed);
        Cell(report, "cross-load", "port", "pytorch").Outcome.Should().Be(CellOutcome.Passed);
        var transfer = Cell(report, "weight-transfer", "js", "pytorch");
        (transfer.Outcome, transfer.Reason).Should().Be((CellOutcome.Skipped, skip));
        Cell(report, "training", "drifting", null).Repro.Run.Should().StartWith($"conformance run --model-spec {spec.Path} --bindings pytorch,drifting");
    }

    [Fact]
    public void A_broken_spec_file_is_one_failing_case_naming_the_field()
    {
        var broken = xunit.Discover(nameof(ModelSpecTheories)).Single(c => c.TestMethod.Method.Name == nameof(ModelSpecTheories.BrokenSpec));

        var outcome = xunit.Run([broken]).Single();

        outcome.Result.Should().Be("Failed");
        outcome.Message.Should().Contain(
            "[ModelSpec] " + Path.Combine(ProductPaths.Root, "tests/BindingConformance.SampleSuite/specs/broken-shapes.json") +
            ": layers[1].args.in_features: is 700 but its input [784] has 784 features in its last axis");
    }

    private static CellResult Cell(RunReport report, string kind, string binding, string? source) =>
        report.Cells.Should().ContainSingle(c => c.Kind.Name == kind && c.Key.Binding == binding && c.Key.Source == source && c.Key.Device == Device.Cpu
                                                 && c.Key.Subject == "TinyMlp" && (c.Key.Format == null || c.Key.Format == "safetensors")).Subject;
}
