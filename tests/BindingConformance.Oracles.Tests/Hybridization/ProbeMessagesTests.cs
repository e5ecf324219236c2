using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Hybridization;

/// <summary>How the host builds a <c>probe</c> request and reads its reply (PROTOCOL.md), for every worker oracle.</summary>
public sealed class ProbeMessagesTests
{
    private static readonly ProbeRunRequest Branch = new(HazardProbes.Get(HazardProbes.TensorBranch), ExecutionMode.Traced, Device.Cpu, "/artifacts", TimedPasses: 3);

    [Fact]
    public void A_request_sends_the_cases_in_order_and_a_controls_spec()
    {
        WorkerMessages.ProbeTensors(Branch).Select(t => t.Name).Should().Equal("positive", "negative");
        var args = WorkerMessages.ProbeArgs(Branch);
        args["probe"]!.GetValue<string>().Should().Be("tensor-branch");
        args["passes"]!.GetValue<int>().Should().Be(3);
        args["control"].Should().BeNull();

        var control = WorkerMessages.ProbeArgs(Branch with { Probe = HazardProbes.Get(ModelZoo.LeNet1) });
        control["control"]!["name"]!.GetValue<string>().Should().Be(ModelZoo.LeNet1);
    }

    [Fact]
    public void A_reply_carries_outputs_diagnostics_side_effects_and_times()
    {
        var output = NamedTensor.FromFloats("positive", new float[32], 4, 8);

        var result = WorkerMessages.ToProbeResult(Reply(Fields(sideEffects: 0), output), Branch);

        result.Incompatible.Should().BeNull();
        result.Outputs.Should().ContainSingle().Which.Should().BeSameAs(output);
        result.Diagnostics.Should().Equal("case negative: shape mismatch");
        result.SideEffects.Should().Be(0);
        result.PassSeconds.Should().Equal(0.5, 0.25);
    }

    [Fact]
    public void A_training_request_sends_its_steps_and_reads_their_times_and_losses_or_why_not()
    {
        var training = Branch with { Probe = HazardProbes.Get(ModelZoo.LeNet1), TrainingPasses = 2 };
        WorkerMessages.ProbeArgs(training)["training_passes"]!.GetValue<int>().Should().Be(2);
        var fields = Fields(sideEffects: null);
        fields["untrainable"] = null;
        fields["training_pass_seconds"] = new JsonArray(0.002, 0.001);
        fields["training_losses"] = new JsonArray(2.3, 2.1);

        var trained = WorkerMessages.ToProbeResult(Reply(fields), training);
        fields["untrainable"] = "a training step failed: element 0 of tensors does not require grad";
        var untrainable = WorkerMessages.ToProbeResult(Reply(fields), training);
        fields.Remove("training_losses");
        fields["untrainable"] = null;
        var malformed = () => WorkerMessages.ToProbeResult(Reply(fields), training);

        trained.Should().Match<ProbeRunResult>(r => r.Untrainable == null && r.TrainingPassSeconds.SequenceEqual(new[] { 0.002, 0.001 }) && r.TrainingLosses.SequenceEqual(new[] { 2.3, 2.1 }));
        untrainable.Should().Match<ProbeRunResult>(r => r.Untrainable == "a training step failed: element 0 of tensors does not require grad" && r.TrainingPassSeconds.Count == 0);
        malformed.Should().Throw<OracleException>().WithMessage("worker's 'probe' result has no list of Double 'training_losses'*");
        WorkerMessages.ToProbeResult(Reply(Fields(sideEffects: null)), Branch).TrainingPassSeconds.Should().BeEmpty("no training was asked for");
    }

    [Fact]
    public void An_incompatible_reply_has_nothing_else()
    {
        var fields = Fields(sideEffects: null);
        fields["incompatible"] = "Python builtin <built-in function id> is currently not supported in Torchscript";

        var result = WorkerMessages.ToProbeResult(Reply(fields), Branch);

        result.Should().BeEquivalentTo(ProbeRunResult.CannotCapture("Python builtin <built-in function id> is currently not supported in Torchscript"));
    }

    [Fact]
    public void An_output_for_no_case_is_a_malformed_reply()
    {
        var read = () => WorkerMessages.ToProbeResult(Reply(Fields(sideEffects: null), NamedTensor.FromFloats("logits", [1f], 1)), Branch);

        read.Should().Throw<OracleException>().WithMessage("probe reply has output 'logits', which is no case of tensor-branch (cases: positive, negative)");
    }

    [Fact]
    public void A_probes_deadline_is_its_time_limit_when_set_else_the_floor()
    {
        RequestDeadline.For(Branch).Total.Should().Be(RequestDeadline.Floor);
        RequestDeadline.For(Branch with { TimeLimit = TimeSpan.FromSeconds(7) }).Total.Should().Be(TimeSpan.FromSeconds(7));
    }

    private static JsonObject Fields(long? sideEffects) => new()
    {
        ["incompatible"] = null,
        ["diagnostics"] = new JsonArray("case negative: shape mismatch"),
        ["side_effects"] = sideEffects,
        ["pass_seconds"] = new JsonArray(0.5, 0.25),
    };

    private static WorkerReply Reply(JsonObject result, params NamedTensor[] tensors) => new(result, tensors);
}
