using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.OnnxRuntime;
using FluentAssertions;
using Xunit;
using static BindingConformance.Oracles.Tests.Hybridization.ProbeOutputs;

namespace BindingConformance.Oracles.Tests.Hybridization;

/// <summary>ONNX Runtime runs Python's ONNX exports of the probes: a trace of its own, with the trace's hazards.</summary>
[Collection(HazardProbeCollection.Name)]
public sealed class OnnxHazardProbeTests(HazardProbeRuns runs)
{
    private readonly OnnxRuntimeOracle onnx = new();

    // train-eval-batch-norm differs (below); variable-length-rnn's export cannot run its longer case (below).
    public static TheoryData<string> TraceLikeProbes =>
        [.. HazardProbes.Hazards.Except([HazardProbes.TrainEvalBatchNorm, HazardProbes.VariableLengthRnn]), ModelZoo.LeNet1];

    [Theory]
    [MemberData(nameof(TraceLikeProbes))]
    public async Task Onnx_runs_the_export_as_the_trace_runs(string probe)
    {
        await runs.Capture(probe);
        var traced = await runs.RunPython(probe, ExecutionMode.Traced);

        var result = await onnx.RunProbeAsync(runs.Request(probe, ExecutionMode.Onnx));

        result.Incompatible.Should().BeNull();
        result.Diagnostics.Should().BeEmpty();
        result.PassSeconds.Should().HaveCount(2);
        foreach (var trace in traced.Outputs)
        {
            var output = Output(result, trace.Name);
            output.Shape.Should().Equal(trace.Shape, $"{probe} case {trace.Name}");
            output.ToFloats().Should().Equal(trace.ToFloats(), Close, $"{probe} case {trace.Name}");
        }
    }

    [Fact]
    public async Task Onnx_cannot_train_a_control_and_says_why()
    {
        await runs.Capture(ModelZoo.LeNet1);

        var result = await onnx.RunProbeAsync(runs.TrainingRequest(ModelZoo.LeNet1, ExecutionMode.Onnx));

        result.Incompatible.Should().BeNull("it runs the inference cases");
        result.Untrainable.Should().StartWith("an ONNX Runtime inference session has no gradients or optimizer");
        result.TrainingPassSeconds.Should().BeEmpty();
    }

    [Fact]
    public async Task Onnx_export_of_the_training_mode_batch_norm_runs_in_evaluation_mode()
    {
        // torch.onnx.export exports in evaluation mode by default (training=TrainingMode.EVAL), unlike the trace.
        await runs.Capture(HazardProbes.TrainEvalBatchNorm);

        var result = await onnx.RunProbeAsync(runs.Request(HazardProbes.TrainEvalBatchNorm, ExecutionMode.Onnx));

        foreach (var input in HazardProbes.Get(HazardProbes.TrainEvalBatchNorm).Cases)
            Output(result, input.Name).ToFloats().Should().Equal(HazardFormulas.Expected(HazardProbes.TrainEvalBatchNorm, input), Close);
    }

    [Fact]
    public async Task Onnx_export_of_the_rnn_refuses_the_longer_sequence_as_a_case_error()
    {
        await runs.Capture(HazardProbes.VariableLengthRnn);

        var result = await onnx.RunProbeAsync(runs.Request(HazardProbes.VariableLengthRnn, ExecutionMode.Onnx));

        result.Outputs.Select(o => o.Name).Should().Equal("length-5");
        result.Diagnostics.Should().ContainSingle().Which.Should().StartWith("case length-9: ").And.Contain("Got: 9 Expected: 5");
    }

    [Fact]
    public async Task Onnx_export_freezes_the_tensor_branch_like_the_trace()
    {
        await runs.Capture(HazardProbes.TensorBranch);
        var negative = HazardProbes.Get(HazardProbes.TensorBranch).Cases[1];

        var result = await onnx.RunProbeAsync(runs.Request(HazardProbes.TensorBranch, ExecutionMode.Onnx));

        Output(result, negative.Name).ToFloats().Should().Equal(HazardFormulas.PositiveBranch(negative), Close);
    }

    [Fact]
    public async Task Onnx_never_updates_the_callers_input()
    {
        await runs.Capture(HazardProbes.InPlaceInput);

        var result = await onnx.RunProbeAsync(runs.Request(HazardProbes.InPlaceInput, ExecutionMode.Onnx));

        result.SideEffects.Should().Be(0);
        foreach (var input in HazardProbes.Get(HazardProbes.InPlaceInput).Cases)
            Output(result, input.Name).ToFloats().Should().Equal(HazardFormulas.Expected(HazardProbes.InPlaceInput, input), Close);
    }

    [Fact]
    public async Task A_mode_other_than_onnx_fails_with_the_mode_it_has()
    {
        var run = () => onnx.RunProbeAsync(new ProbeRunRequest(HazardProbes.Get(HazardProbes.DataLoop), ExecutionMode.Eager, Device.Cpu, "/unused/artifacts"));

        (await run.Should().ThrowAsync<OracleException>()).Which.Message.Should().Be("onnxruntime has no execution mode 'eager' (modes: onnx)");
    }

    [Fact]
    public async Task A_missing_export_is_execution_mode_incompatibility_naming_the_file()
    {
        var empty = Directory.CreateTempSubdirectory("no-captures-").FullName;
        try
        {
            var result = await onnx.RunProbeAsync(new ProbeRunRequest(HazardProbes.Get(HazardProbes.DataLoop), ExecutionMode.Onnx, Device.Cpu, empty));

            result.Incompatible.Should().Be($"no ONNX export of data-loop: {Path.Combine(empty, "data-loop.onnx")} does not exist (the reference's traced mode writes it)");
            result.Outputs.Should().BeEmpty();
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
