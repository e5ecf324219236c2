using BindingConformance.Oracles;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Hybridization;

/// <summary>Which execution modes a binding supports: the probe modes it declares, else the TorchScript archives it saves or loads.</summary>
public sealed class ExecutionModeTests
{
    [Fact]
    public void A_declared_probe_mode_is_supported_and_an_undeclared_one_names_the_declared_ones()
    {
        var onnx = new OracleCapabilities(false, [], [], [ModelFormat.Onnx]) { ExecutionModes = [ExecutionMode.Onnx] };

        ExecutionMode.WhyUnsupported("onnxruntime", onnx, ExecutionMode.Onnx).Should().BeNull();
        ExecutionMode.WhyUnsupported("onnxruntime", onnx, ExecutionMode.Compiled).Should().Be("onnxruntime has no compiled execution mode (runs probes in: onnx)");
        ExecutionMode.WhyUnsupported("onnxruntime", onnx, ExecutionMode.Traced).Should().Be("onnxruntime has no traced execution mode (cannot save or load TorchScriptTraced)");
    }

    [Fact]
    public void Without_probe_modes_a_graph_mode_still_follows_the_archives_the_binding_loads()
    {
        var loadsTraces = new OracleCapabilities(false, [], [], [ModelFormat.TorchScriptTraced]);

        ExecutionMode.WhyUnsupported("port", loadsTraces, ExecutionMode.Traced).Should().BeNull();
        ExecutionMode.WhyUnsupported("port", loadsTraces, ExecutionMode.Eager).Should().BeNull();
    }

    [Fact]
    public void The_reference_runs_a_trace_for_an_onnx_cell_and_a_script_for_a_compiled_one()
    {
        (ExecutionMode.ReferenceMode(ExecutionMode.Onnx), ExecutionMode.ReferenceMode(ExecutionMode.Compiled), ExecutionMode.ReferenceMode(ExecutionMode.Traced))
            .Should().Be((ExecutionMode.Traced, ExecutionMode.Scripted, ExecutionMode.Traced));
    }
}
