using BindingConformance.Oracles;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Hybridization;

/// <summary>Which execution modes a binding has: the probe modes it declares (one message wherever a mode is missing), and the mode a reference runs for each.</summary>
public sealed class ExecutionModeTests
{
    [Fact]
    public void A_declared_probe_mode_is_there_and_an_undeclared_one_names_the_declared_ones()
    {
        var onnx = new OracleCapabilities(false, [], [], [ModelFormat.Onnx]) { ExecutionModes = [ExecutionMode.Onnx] };

        onnx.WhyNoExecutionMode("onnxruntime", ExecutionMode.Onnx).Should().BeNull();
        onnx.WhyNoExecutionMode("onnxruntime", ExecutionMode.Compiled).Should().Be("onnxruntime has no execution mode 'compiled' (modes: onnx)");
        new OracleCapabilities(false, [], [], [ModelFormat.TorchScriptTraced]).WhyNoExecutionMode("port", ExecutionMode.Traced)
            .Should().Be("port has no execution mode 'traced' (modes: none)", "loading a traced archive is a format, not a mode the binding runs probes in");
    }

    [Fact]
    public void The_reference_runs_a_trace_for_an_onnx_cell_and_a_script_for_a_compiled_one()
    {
        (ExecutionMode.CounterpartMode(ExecutionMode.Onnx), ExecutionMode.CounterpartMode(ExecutionMode.Compiled), ExecutionMode.CounterpartMode(ExecutionMode.Traced))
            .Should().Be((ExecutionMode.Traced, ExecutionMode.Scripted, ExecutionMode.Traced));
    }
}
