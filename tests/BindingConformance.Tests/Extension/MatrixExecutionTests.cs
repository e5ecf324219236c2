using BindingConformance.SampleSuite;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Extension;

/// <summary>Real xunit execution of the sample suite: passes, run-time skips with the oracle's reasons, failures.</summary>
public sealed class MatrixExecutionTests : IDisposable
{
    private readonly InProcessXunit xunit = new(typeof(SampleRegistry).Assembly);

    public void Dispose() => xunit.Dispose();

    [Fact]
    public void A_mode_the_binding_cannot_run_is_skipped_with_the_reason_and_the_rest_pass()
    {
        var outcomes = xunit.Run(xunit.Discover(nameof(ModeTheories)));

        outcomes.Should().BeEquivalentTo(new[]
        {
            new CaseOutcome("ExecutionModes(model: LeNet5, binding: torchsharp, device: cpu, mode: eager)", "Passed", ""),
            new CaseOutcome("ExecutionModes(model: LeNet5, binding: torchsharp, device: cpu, mode: traced)", "Passed", ""),
            new CaseOutcome(
                "ExecutionModes(model: LeNet5, binding: torchsharp, device: cpu, mode: scripted)",
                "Skipped",
                "torchsharp has no execution mode 'scripted' (modes: eager, traced)"),
        });
    }

    [Fact]
    public void An_unavailable_binding_is_skipped_with_the_probe_reason()
    {
        var outcomes = xunit.Run(xunit.Discover(nameof(InferenceTheories)));

        outcomes.Single(o => o.DisplayName.Contains("binding: missing")).Should().Be(new CaseOutcome(
            "CrossLoadedInference(model: LeNet5, binding: missing, device: cpu)",
            "Skipped",
            "missing not available: libtorch_missing.so not found"));
    }

    [Fact]
    public void A_binding_added_by_a_manifest_attribute_is_discovered_and_skipped_in_the_words_of_its_workers_hello()
    {
        var cases = xunit.Discover(nameof(ManifestTheories));

        var outcomes = xunit.Run(cases);

        // The framework comes from the manifest; that it trains nothing, from what the Perl worker's hello declares.
        cases.Should().ContainSingle().Which.Traits["Framework"].Should().Equal("example");
        outcomes.Should().Equal(new CaseOutcome(
            "FromManifest(model: LeNet5, binding: example-perl, device: cpu)", "Skipped", "example-perl is inference-only"));
    }

    [Fact]
    public void Cross_loaded_inference_passes_when_counts_match_and_fails_with_both_counts_when_not()
    {
        var outcomes = xunit.Run(xunit.Discover(nameof(InferenceTheories)));

        outcomes.Where(o => o.Result == "Passed").Select(o => o.DisplayName).Should().BeEquivalentTo(
            "CrossLoadedInference(model: LeNet5, binding: torchsharp, device: cpu)",
            "CrossLoadedInference(model: LeNet5, binding: onnxruntime, device: cpu)");
        var shifted = outcomes.Single(o => o.DisplayName.Contains("binding: shifted"));
        shifted.Result.Should().Be("Failed");
        // The in-memory oracle answers round((0.98 - shift / 10) · 1000): 980 for pytorch, 970 for shifted.
        shifted.Message.Should().Contain("does not reproduce the reference's predictions")
            .And.Contain("correct-count: correct predictions differ from the reference's evaluation of its own file (980): pass 1: 970")
            .And.Contain("value 970, 970, 970, 970, 970, bound = 980 on every pass")
            .And.Contain("in CrossLoadedInference(model: LeNet5, binding: shifted, device: cpu) against reference pytorch")
            .And.Contain("Reproduce: dotnet test tests/BindingConformance.SampleSuite --filter " +
                "\"FullyQualifiedName=BindingConformance.SampleSuite.InferenceTheories.CrossLoadedInference&Model=LeNet5&Binding=shifted&Device=cpu\"");
    }

    [Fact]
    public void One_serialized_case_can_be_run_alone()
    {
        var traced = xunit.Discover(nameof(ModeTheories)).Single(c => c.DisplayName.Contains("traced"));

        var outcomes = xunit.Run([xunit.Deserialize(xunit.Serialize(traced))]);

        outcomes.Should().ContainSingle().Which.Should().Be(new CaseOutcome(traced.DisplayName, "Passed", ""));
    }

    [Fact]
    public void Unknown_names_fail_visibly_naming_each_one()
    {
        var outcomes = xunit.Run(xunit.Discover(nameof(MisdeclaredTheories)).Where(c => c.TestMethod.Method.Name == "UnknownNames"));

        var failure = outcomes.Should().ContainSingle().Which;
        failure.Result.Should().Be("Failed");
        failure.Message.Should().Contain("[Models] unknown 'NoSuchNet'; known: LeNet1, LeNet5")
            .And.Contain("[Bindings] unknown 'nosuchbinding'; known: pytorch, torchsharp, shifted, slow, onnxruntime, missing");
    }

    [Fact]
    public void A_parameter_the_cell_cannot_fill_fails_visibly()
    {
        var outcomes = xunit.Run(xunit.Discover(nameof(MisdeclaredTheories)).Where(c => c.TestMethod.Method.Name == "UnfillableParameter"));

        var failure = outcomes.Should().ContainSingle().Which;
        failure.Result.Should().Be("Failed");
        failure.Message.Should().Contain("cannot fill parameter 'Int32 epochs'");
    }
}
