using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Tests.Tfjs;
using FluentAssertions;
using Xunit;
using static BindingConformance.Oracles.Tests.Hybridization.ProbeOutputs;

namespace BindingConformance.Oracles.Tests.Hybridization;

/// <summary>
/// The hazard probes in TensorFlow.js for real: eager ops, and a layers model's predict, which captures no graph (its
/// layers run their JavaScript on every call), so the hazards of tracing do not show.
/// </summary>
[Collection(HazardProbeCollection.Name)]
public sealed class TfjsHazardProbeTests(HazardProbeRuns runs, TfjsWorkerFixture tfjs) : IClassFixture<TfjsWorkerFixture>
{
    public static TheoryData<string, string> HazardsInEachMode
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var probe in HazardProbes.Hazards)
                foreach (var mode in new[] { ExecutionMode.Eager, ExecutionMode.Layers }) data.Add(probe, mode);
            return data;
        }
    }

    [TfjsTheory]
    [MemberData(nameof(HazardsInEachMode))]
    public async Task Outputs_follow_the_specified_formula(string probe, string mode)
    {
        var result = await tfjs.Oracle.RunProbeAsync(runs.Request(probe, mode));

        result.Incompatible.Should().BeNull();
        result.PassSeconds.Should().HaveCount(2);
        foreach (var input in HazardProbes.Get(probe).Cases)
        {
            // The layers model is built on the first case's shape [3, 5, 4]; predict refuses the sequence of 9.
            if (probe == HazardProbes.VariableLengthRnn && mode == ExecutionMode.Layers && input.Name == "length-9")
            {
                result.Diagnostics.Should().ContainSingle().Which.Should().StartWith("case length-9: ").And.Contain("expected input to have shape [null,5,4]");
                continue;
            }
            Output(result, input.Name).ToFloats().Should().Equal(HazardFormulas.Expected(probe, input), Close, $"{probe} {mode} case {input.Name}");
        }
    }

    [TfjsFact]
    public async Task Side_effects_the_counter_runs_on_every_predict_and_no_input_changes()
    {
        foreach (var mode in new[] { ExecutionMode.Eager, ExecutionMode.Layers })
        {
            (await tfjs.Oracle.RunProbeAsync(runs.Request(HazardProbes.SideEffectCounter, mode))).SideEffects.Should().Be(3, mode);
            (await tfjs.Oracle.RunProbeAsync(runs.Request(HazardProbes.InPlaceInput, mode))).SideEffects.Should().Be(0, $"tfjs tensors are immutable ({mode})");
        }
    }

    [TfjsTheory]
    [InlineData(ModelZoo.LeNet1)]
    [InlineData(ModelZoo.LeNet5)]
    public async Task Controls_compute_what_pytorch_computes_from_the_same_weights(string control)
    {
        var python = await runs.RunPython(control, ExecutionMode.Eager);

        foreach (var mode in new[] { ExecutionMode.Eager, ExecutionMode.Layers })
        {
            var result = await tfjs.Oracle.RunProbeAsync(runs.Request(control, mode));
            result.Incompatible.Should().BeNull();
            foreach (var expected in python.Outputs)
                Output(result, expected.Name).ToFloats().Should().Equal(expected.ToFloats(), Close, $"{control} {mode} {expected.Name}");
        }
    }

    [TfjsFact]
    public async Task Neither_mode_trains_a_control_and_each_says_why()
    {
        await runs.RunPython(ModelZoo.LeNet1, ExecutionMode.Eager);

        var eager = await tfjs.Oracle.RunProbeAsync(runs.TrainingRequest(ModelZoo.LeNet1, ExecutionMode.Eager));
        var layers = await tfjs.Oracle.RunProbeAsync(runs.TrainingRequest(ModelZoo.LeNet1, ExecutionMode.Layers));

        eager.Untrainable.Should().Be("the tfjs probes run inference only (no gradient tape over the eager ops is built)");
        layers.Untrainable.Should().Be("the tfjs probes run inference only (no fit() of the layers model is built)");
        layers.TrainingPassSeconds.Should().BeEmpty();
    }

    [TfjsFact]
    public async Task A_control_tfjs_cannot_build_is_incompatible_with_the_reason()
    {
        await runs.RunPython(ModelZoo.Gru, ExecutionMode.Eager);

        var result = await tfjs.Oracle.RunProbeAsync(runs.Request(ModelZoo.Gru, ExecutionMode.Layers));

        result.Incompatible.Should().StartWith("tfjs cannot run control GRU from ").And.Contain("reset-before");
    }

    [TfjsFact]
    public async Task A_control_without_initial_weights_fails_with_one_clear_error()
    {
        var empty = Directory.CreateTempSubdirectory("no-captures-").FullName;
        try
        {
            var run = () => tfjs.Oracle.RunProbeAsync(new ProbeRunRequest(HazardProbes.Get(ModelZoo.LeNet1), ExecutionMode.Eager, Device.Cpu, empty));

            (await run.Should().ThrowAsync<OracleException>()).Which.Message.Should().Contain(
                $"no initial weights of control LeNet1: {Path.Combine(empty, "LeNet1.safetensors")} does not exist (the reference's eager mode writes it)");
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
