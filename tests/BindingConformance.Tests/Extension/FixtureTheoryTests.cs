using BindingConformance.SampleSuite;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Extension;

/// <summary>
/// Real xunit discovery and execution of <see cref="FixturesAttribute"/> in <see cref="ConformanceTheoryAttribute"/> over the committed fixtures manifest:
/// one case per fixture × loading binding × device, readable names and traits, skips with the oracle's reason.
/// </summary>
public sealed class FixtureTheoryTests : IDisposable
{
    private readonly InProcessXunit xunit = new(typeof(SampleRegistry).Assembly);

    public void Dispose() => xunit.Dispose();

    [Fact]
    public void Only_bindings_that_load_a_fixtures_format_get_cases_one_per_device()
    {
        var names = xunit.Discover(nameof(FixtureTheories)).Where(c => c.TestMethod.Method.Name == nameof(FixtureTheories.OnnxLoaders)).Select(c => c.DisplayName);

        names.Should().Equal(
            "OnnxLoaders(fixture: LeNet1/pytorch-python/onnx, binding: onnxruntime, device: cpu)",
            "OnnxLoaders(fixture: LeNet1/pytorch-python/onnx, binding: onnxruntime, device: cuda)",
            "OnnxLoaders(fixture: LeNet1/pytorch-python/onnx, binding: absent-onnx, device: cpu)",
            "OnnxLoaders(fixture: LeNet1/pytorch-python/onnx, binding: absent-onnx, device: cuda)",
            "OnnxLoaders(fixture: LeNet5/pytorch-python/onnx, binding: onnxruntime, device: cpu)",
            "OnnxLoaders(fixture: LeNet5/pytorch-python/onnx, binding: onnxruntime, device: cuda)",
            "OnnxLoaders(fixture: LeNet5/pytorch-python/onnx, binding: absent-onnx, device: cpu)",
            "OnnxLoaders(fixture: LeNet5/pytorch-python/onnx, binding: absent-onnx, device: cuda)");
    }

    [Fact]
    public void Cases_carry_filterable_traits_and_survive_serialization()
    {
        var onnx = xunit.Discover(nameof(FixtureTheories)).First(c => c.DisplayName.Contains("LeNet5") && c.DisplayName.Contains("binding: onnxruntime, device: cpu"));

        var restored = xunit.Deserialize(xunit.Serialize(onnx));

        restored.UniqueID.Should().Be(onnx.UniqueID);
        restored.DisplayName.Should().Be(onnx.DisplayName);
        foreach (var (trait, value) in new[]
                 {
                     ("Fixture", "LeNet5/pytorch-python/onnx"), ("Model", "LeNet5"), ("Writer", "pytorch-python"), ("Format", "onnx"),
                     ("Binding", "onnxruntime"), ("Device", "cpu"),
                 })
            restored.Traits[trait].Should().Equal([value], trait);
    }

    [Fact]
    public void Absent_bindings_and_devices_are_skipped_with_the_oracles_reason_and_a_wrong_answer_fails_with_the_rerun_line()
    {
        var cases = xunit.Discover(nameof(FixtureTheories)).Where(c => c.TestMethod.Method.Name == nameof(FixtureTheories.OnnxLoaders) && c.DisplayName.Contains("LeNet1"));

        var outcomes = xunit.Run(cases).ToDictionary(o => o.DisplayName);

        outcomes["OnnxLoaders(fixture: LeNet1/pytorch-python/onnx, binding: absent-onnx, device: cpu)"].Should()
            .Be(new CaseOutcome("OnnxLoaders(fixture: LeNet1/pytorch-python/onnx, binding: absent-onnx, device: cpu)", "Skipped",
                "absent-onnx not available: libonnxruntime_absent.so not found"));
        outcomes["OnnxLoaders(fixture: LeNet1/pytorch-python/onnx, binding: onnxruntime, device: cuda)"].Message
            .Should().Be("CUDA not available for onnxruntime: no CUDA device or no CUDA build of this binding");
        var failed = outcomes["OnnxLoaders(fixture: LeNet1/pytorch-python/onnx, binding: onnxruntime, device: cpu)"];
        failed.Result.Should().Be("Failed");
        failed.Message.Should().Contain("example-count: evaluated 1000 test examples, pytorch-python's recording 128 (value 1000, bound = 128)")
            .And.Contain("Reproduce: dotnet test tests/BindingConformance.SampleSuite --filter \"FullyQualifiedName=BindingConformance.SampleSuite.FixtureTheories.OnnxLoaders&Fixture=LeNet1/pytorch-python/onnx&Binding=onnxruntime&Device=cpu\"");
    }

    [Fact]
    public void An_unknown_loader_is_one_visible_failing_case()
    {
        var error = xunit.Discover(nameof(FixtureTheories)).Single(c => c.TestMethod.Method.Name == nameof(FixtureTheories.UnknownLoader));

        var outcome = xunit.Run([error]).Single();

        outcome.Result.Should().Be("Failed");
        outcome.Message.Should().Contain("[ConformanceTheory] [Bindings] unknown 'nosuchbinding'; known: onnxruntime, absent-onnx");
    }

    [Fact]
    public void A_model_axis_next_to_the_fixture_axis_is_one_visible_failing_case()
    {
        var error = xunit.Discover(nameof(FixtureTheories)).Single(c => c.TestMethod.Method.Name == nameof(FixtureTheories.FixtureWithModelAxis));

        var outcome = xunit.Run([error]).Single();

        outcome.Result.Should().Be("Failed");
        outcome.Message.Should().Contain("[ConformanceTheory] [Fixtures] takes no [Models], [Modes], [Formats], [Backends] or [ReferenceBinding]");
    }

    [Fact]
    public void A_missing_manifest_is_one_visible_failing_case_naming_the_file()
    {
        var error = xunit.Discover(nameof(FixtureTheories)).Single(c => c.TestMethod.Method.Name == nameof(FixtureTheories.MissingManifest));

        var outcome = xunit.Run([error]).Single();

        outcome.Result.Should().Be("Failed");
        outcome.Message.Should().Contain("[ConformanceTheory] no fixture manifest at ").And.Contain("fixtures/no-such-folder/manifest.json");
    }
}
