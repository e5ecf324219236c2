using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using FluentAssertions;
using Xunit;
using static BindingConformance.Oracles.Tests.Hybridization.ProbeOutputs;

namespace BindingConformance.Oracles.Tests.Hybridization;

/// <summary>The hazard probes in Python PyTorch for real: eager follows the specification, tracing shows the hazards.</summary>
[Collection(HazardProbeCollection.Name)]
public sealed class PythonHazardProbeTests(HazardProbeRuns runs)
{
    public static TheoryData<string> Hazards => [.. HazardProbes.Hazards];

    [Theory]
    [MemberData(nameof(Hazards))]
    public async Task Eager_outputs_follow_the_specified_formula(string probe)
    {
        var result = await runs.RunPython(probe, ExecutionMode.Eager);

        result.Incompatible.Should().BeNull();
        result.Diagnostics.Should().BeEmpty();
        result.PassSeconds.Should().HaveCount(2).And.OnlyContain(s => s > 0);
        foreach (var input in HazardProbes.Get(probe).Cases)
            Output(result, input.Name).ToFloats().Should().Equal(HazardFormulas.Expected(probe, input), Close, $"{probe} case {input.Name}");
    }

    [Theory]
    [InlineData(ExecutionMode.Eager)]
    [InlineData(ExecutionMode.Traced)]
    [InlineData(ExecutionMode.Scripted)]
    public async Task A_control_trains_in_every_mode_with_the_losses_of_eager(string mode)
    {
        var eager = await runs.TrainPythonEager(ModelZoo.LeNet1);

        var result = await runs.Python.RunProbeAsync(runs.TrainingRequest(ModelZoo.LeNet1, mode));

        result.Untrainable.Should().BeNull();
        result.TrainingPassSeconds.Should().HaveCount(HazardProbeRuns.TrainingSteps).And.OnlyContain(s => s > 0);
        // Each step's loss differs from the last only if the optimizer changed the parameters the mode runs.
        result.TrainingLosses.Should().HaveCount(HazardProbeRuns.TrainingSteps).And.OnlyHaveUniqueItems();
        result.TrainingLosses[^1].Should().BeLessThan(result.TrainingLosses[0], "SGD steps on one batch lower its loss");
        result.TrainingLosses.Should().Equal(eager.TrainingLosses, (a, b) => Math.Abs(a - b) <= 1e-5 * Math.Max(1, Math.Abs(b)), "the same weights, batch and optimizer");
    }

    [Fact]
    public async Task A_hazard_probe_says_it_cannot_train()
    {
        var result = await runs.Python.RunProbeAsync(runs.TrainingRequest(HazardProbes.TensorBranch, ExecutionMode.Eager));

        result.Untrainable.Should().Be("a hazard probe has no parameters or labels; training is timed on the controls");
        result.TrainingPassSeconds.Should().BeEmpty();
    }

    [Fact]
    public async Task Traced_tensor_branch_runs_the_captured_positive_branch_on_the_negative_case()
    {
        var negative = HazardProbes.Get(HazardProbes.TensorBranch).Cases[1];

        var result = await runs.RunPython(HazardProbes.TensorBranch, ExecutionMode.Traced);

        Output(result, negative.Name).ToFloats().Should().Equal(HazardFormulas.PositiveBranch(negative), Close);
        Differs(HazardFormulas.Expected(HazardProbes.TensorBranch, negative), HazardFormulas.PositiveBranch(negative)).Should().BeTrue("eager takes the other branch");
        result.Diagnostics.Should().Contain(d => d.StartsWith("TracerWarning: Converting a tensor to a Python boolean"));
    }

    [Fact]
    public async Task Scripted_tensor_branch_equals_eager()
    {
        var eager = await runs.RunPython(HazardProbes.TensorBranch, ExecutionMode.Eager);

        var scripted = await runs.RunPython(HazardProbes.TensorBranch, ExecutionMode.Scripted);

        scripted.Outputs.Select(o => o.ToFloats()).Should().BeEquivalentTo(eager.Outputs.Select(o => o.ToFloats()), o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Traced_baked_batch_keeps_the_capture_batch_of_4_on_the_batch_of_6()
    {
        var result = await runs.RunPython(HazardProbes.BakedBatch, ExecutionMode.Traced);

        // Eager returns 6 row means; the trace reshapes the 48 values to the baked 4 rows of 12.
        var batch6 = HazardProbes.Get(HazardProbes.BakedBatch).Cases[1];
        var output = Output(result, batch6.Name);
        output.Shape.Should().Equal(4);
        output.ToFloats().Should().Equal(HazardFormulas.RowMeans(batch6.ToFloats(), 4), Close);
    }

    [Fact]
    public async Task Side_effect_counter_counts_three_calls_eagerly_and_scripted_but_none_traced()
    {
        (await runs.RunPython(HazardProbes.SideEffectCounter, ExecutionMode.Eager)).SideEffects.Should().Be(3);
        (await runs.RunPython(HazardProbes.SideEffectCounter, ExecutionMode.Scripted)).SideEffects.Should().Be(3);
        (await runs.RunPython(HazardProbes.SideEffectCounter, ExecutionMode.Traced)).SideEffects.Should().Be(0);
    }

    [Fact]
    public async Task Traced_data_loop_and_rnn_keep_their_capture_trip_counts()
    {
        var loop = HazardProbes.Get(HazardProbes.DataLoop).Cases[1];
        var fiveTrips = Output(await runs.RunPython(HazardProbes.DataLoop, ExecutionMode.Traced), loop.Name).ToFloats();
        fiveTrips.Should().Equal(TwoTrips(loop.ToFloats()), Close);

        var rnn = HazardProbes.Get(HazardProbes.VariableLengthRnn).Cases[1];
        var nine = Output(await runs.RunPython(HazardProbes.VariableLengthRnn, ExecutionMode.Traced), rnn.Name).ToFloats();
        Differs(nine, HazardFormulas.Expected(HazardProbes.VariableLengthRnn, rnn)).Should().BeTrue("the trace unrolled 5 of the 9 steps");
    }

    [Fact]
    public async Task Traced_batch_norm_keeps_training_mode_and_the_captured_scalar_its_capture_value()
    {
        var batch = HazardProbes.Get(HazardProbes.TrainEvalBatchNorm).Cases[0];
        var norm = Output(await runs.RunPython(HazardProbes.TrainEvalBatchNorm, ExecutionMode.Traced), batch.Name).ToFloats();
        Differs(norm, HazardFormulas.Expected(HazardProbes.TrainEvalBatchNorm, batch)).Should().BeTrue("the trace ignores eval()");
        // Training mode normalises by the batch's own statistics: every feature's mean over the batch is 0.
        Enumerable.Range(0, 8).Select(f => Enumerable.Range(0, 4).Average(row => norm[row * 8 + f])).Should().OnlyContain(m => Math.Abs(m) < 1e-5);

        var scalar = HazardProbes.Get(HazardProbes.CapturedScalar).Cases[1];
        Output(await runs.RunPython(HazardProbes.CapturedScalar, ExecutionMode.Traced), scalar.Name).ToFloats()
            .Should().Equal(scalar.ToFloats().Select(v => v * 2), Close);
    }

    [Fact]
    public async Task In_place_input_changes_every_case_in_each_mode()
    {
        foreach (var mode in new[] { ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted })
            (await runs.RunPython(HazardProbes.InPlaceInput, mode)).SideEffects.Should().Be(2, mode);
    }

    [Theory]
    [InlineData(ModelZoo.LeNet1)]
    [InlineData(ModelZoo.Gru)]
    public async Task Controls_agree_in_every_mode(string control)
    {
        var eager = await runs.RunPython(control, ExecutionMode.Eager);

        File.Exists(Path.Combine(runs.Artifacts, $"{control}.safetensors")).Should().BeTrue();
        eager.Outputs.Should().HaveCount(2);
        foreach (var mode in new[] { ExecutionMode.Traced, ExecutionMode.Scripted })
        {
            var graph = await runs.RunPython(control, mode);
            graph.Incompatible.Should().BeNull(mode);
            foreach (var output in eager.Outputs)
                Output(graph, output.Name).ToFloats().Should().Equal(output.ToFloats(), Close, $"{control} {mode} {output.Name}");
        }
    }

    [Fact]
    public async Task An_unknown_probe_fails_with_one_clear_error()
    {
        var probe = HazardProbes.Get(HazardProbes.TensorBranch) with { Name = "no-such-probe" };

        var run = () => runs.Python.RunProbeAsync(new ProbeRunRequest(probe, ExecutionMode.Eager, Device.Cpu, runs.Artifacts));

        (await run.Should().ThrowAsync<OracleException>()).Which.Message.Should().Contain("unknown hazard probe 'no-such-probe'");
    }

    [Fact]
    public async Task A_mode_python_lacks_fails_before_reaching_the_worker()
    {
        var run = () => runs.Python.RunProbeAsync(runs.Request(HazardProbes.TensorBranch, ExecutionMode.Layers));

        (await run.Should().ThrowAsync<OracleException>()).Which.Message.Should().Be("pytorch-python has no execution mode 'layers' (modes: eager, traced, scripted)");
    }

    private static float[] TwoTrips(float[] x) => [.. x.Select(v => (v * 0.5f + 1) * 0.5f + 1)];
}
