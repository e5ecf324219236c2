using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests;

public sealed class OracleCapabilitiesTests
{
    private static readonly OracleCapabilities LoadsSafetensors = new(CanTrain: true, [ModelZoo.LeNet1], [ModelFormat.Safetensors], [ModelFormat.Safetensors]);

    private static readonly EvaluateRequest Request = new(
        ModelZoo.Get(ModelZoo.LeNet1), new DatasetRef(DatasetNames.Mnist, "/unused/mnist.safetensors", 10, 10),
        ModelFormat.Safetensors, "/unused/model.safetensors", Device.Cpu);

    [Fact]
    public void The_default_backend_and_declared_alternates_can_evaluate_a_loadable_format()
    {
        var withWasm = LoadsSafetensors with { AlternateBackends = ["wasm"] };

        withWasm.WhyCannotEvaluate("js", Request).Should().BeNull();
        withWasm.WhyCannotEvaluate("js", Request with { Backend = "wasm" }).Should().BeNull();
    }

    [Fact]
    public void An_undeclared_backend_or_an_unloadable_format_is_refused_with_the_reason()
    {
        LoadsSafetensors.WhyCannotEvaluate("py", Request with { Backend = "wasm" })
            .Should().Be("py has no inference backend 'wasm' (alternates: none)");
        (LoadsSafetensors with { AlternateBackends = ["wasm"] }).WhyCannotEvaluate("js", Request with { Backend = "webgl" })
            .Should().Be("js has no inference backend 'webgl' (alternates: wasm)");
        LoadsSafetensors.WhyCannotEvaluate("py", Request with { Format = ModelFormat.Onnx, Backend = "wasm" })
            .Should().Be("py cannot load Onnx files", "the format is the first thing a file is refused for");
    }

    [Fact]
    public void Activations_on_an_alternate_backend_are_refused_unless_the_binding_declares_it()
    {
        var reportsSafetensors = LoadsSafetensors with { ActivationFormats = [ModelFormat.Safetensors] };
        var activations = new ActivationsRequest(Request.Model, ModelFormat.Safetensors, "/unused/model.safetensors",
            NamedTensor.FromFloats("x", new float[28 * 28], 1, 1, 28, 28), Device.Cpu, Backend: "wasm");

        reportsSafetensors.WhyCannotReportActivations("py", activations).Should().Be("py has no inference backend 'wasm' (alternates: none)");
        (reportsSafetensors with { AlternateBackends = ["wasm"] }).WhyCannotReportActivations("js", activations).Should().BeNull();
    }

    [Fact]
    public void A_probe_runs_in_a_declared_execution_mode_and_any_other_is_refused_with_the_modes()
    {
        var probe = new ProbeRunRequest(HazardProbes.Get(ModelZoo.LeNet1), ExecutionMode.Traced, Device.Cpu, "/unused/artifacts");
        var eagerAndTraced = LoadsSafetensors with { ExecutionModes = [ExecutionMode.Eager, ExecutionMode.Traced] };

        eagerAndTraced.WhyCannotRunProbe("py", probe).Should().BeNull();
        eagerAndTraced.WhyCannotRunProbe("py", probe with { Mode = ExecutionMode.Compiled })
            .Should().Be($"py has no execution mode '{ExecutionMode.Compiled}' (modes: {ExecutionMode.Eager}, {ExecutionMode.Traced})");
        LoadsSafetensors.WhyCannotRunProbe("ts", probe).Should().Be($"ts has no execution mode '{ExecutionMode.Traced}' (modes: none)");
    }
}
