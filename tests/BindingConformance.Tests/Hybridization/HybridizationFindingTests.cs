using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Hybridization;

/// <summary>How a graph mode's run of a probe is classified against eager: equal, the probe's category, or incompatible.</summary>
public sealed class HybridizationFindingTests
{
    private static readonly HazardProbe Branch = HazardProbes.Get(HazardProbes.TensorBranch);
    private static readonly HazardProbe Counter = HazardProbes.Get(HazardProbes.SideEffectCounter);

    private static ProbeRunResult Run(HazardProbe probe, string mode) =>
        ProbeScriptOracle.Specified(new ProbeRunRequest(probe, mode, "cpu", "/unused"));

    [Fact]
    public void Scripting_that_computes_what_eager_computes_is_equal()
    {
        var finding = HybridizationFinding.Classify(Branch, ExecutionMode.Scripted, Run(Branch, ExecutionMode.Eager), Run(Branch, ExecutionMode.Scripted), VerdictRules.Default);

        finding.Behaviour.Should().Be(HybridizationFinding.Equal);
        finding.Cases.Should().OnlyContain(c => c.Agrees && c.MaxAbsDifference == 0);
        finding.Diverged.Should().BeFalse();
    }

    [Fact]
    public void A_frozen_branch_is_a_frozen_control_flow_divergence_on_the_other_case_only_with_the_tracer_warning_kept()
    {
        var eager = Run(Branch, ExecutionMode.Eager);
        var finding = HybridizationFinding.Classify(Branch, ExecutionMode.Traced, eager, Run(Branch, ExecutionMode.Traced), VerdictRules.Default);

        finding.Behaviour.Should().Be(HazardCategory.FrozenControlFlow);
        finding.Cases.Select(c => (c.Case, c.Agrees)).Should().Equal(("positive", true), ("negative", false));
        // On the negative case the trace computes 2x where eager computes x - 1: they differ by |x + 1|.
        var negative = Branch.Cases[1].ToFloats();
        finding.Cases[1].MaxAbsDifference.Should().BeApproximately(negative.Max(v => Math.Abs(v + 1)), 1e-6);
        finding.Silent.Should().BeFalse("the trace warned");
        finding.Diagnostics.Should().ContainSingle(d => d.StartsWith("TracerWarning"));
        finding.Summary.Should().StartWith("frozen-control-flow: case negative differs by ");
    }

    [Fact]
    public void A_divergence_without_diagnostics_is_silent()
    {
        var traced = Run(Branch, ExecutionMode.Traced) with { Diagnostics = [] };

        HybridizationFinding.Classify(Branch, ExecutionMode.Traced, Run(Branch, ExecutionMode.Eager), traced, VerdictRules.Default).Silent.Should().BeTrue();
    }

    [Fact]
    public void A_lost_side_effect_is_found_by_count_even_when_every_output_agrees()
    {
        var finding = HybridizationFinding.Classify(Counter, ExecutionMode.Traced, Run(Counter, ExecutionMode.Eager), Run(Counter, ExecutionMode.Traced), VerdictRules.Default);

        finding.Behaviour.Should().Be(HazardCategory.LostSideEffect);
        finding.Cases.Should().OnlyContain(c => c.Agrees);
        (finding.EagerSideEffects, finding.GraphSideEffects).Should().Be((3L, 0L));
        finding.Summary.Should().Be("lost-side-effect: side effects 0 against eager's 3");
    }

    [Fact]
    public void A_mode_that_cannot_observe_the_side_effect_is_judged_by_its_outputs_alone()
    {
        // A loaded archive's Python counter, an ONNX graph: no count is no evidence of a lost side effect.
        var unobserved = Run(Counter, ExecutionMode.Scripted) with { SideEffects = null };

        var finding = HybridizationFinding.Classify(Counter, ExecutionMode.Scripted, Run(Counter, ExecutionMode.Eager), unobserved, VerdictRules.Default);

        finding.Behaviour.Should().Be(HybridizationFinding.Equal);
        finding.Summary.Should().Be("equal to eager (its side effects are not observable in scripted mode)");
        (finding.EagerSideEffects, finding.GraphSideEffects).Should().Be((3L, (long?)null));
    }

    [Fact]
    public void A_mode_that_cannot_capture_is_execution_mode_incompatibility_with_the_bindings_error()
    {
        var finding = HybridizationFinding.Classify(Branch, ExecutionMode.Scripted, Run(Branch, ExecutionMode.Eager),
            ProbeRunResult.CannotCapture("RuntimeError: Python builtin <built-in function id> is currently not supported in Torchscript"), VerdictRules.Default);

        finding.Behaviour.Should().Be(HazardCategory.ExecutionModeIncompatibility);
        finding.Incompatible.Should().Contain("not supported in Torchscript");
        finding.Diverged.Should().BeFalse("incompatibility is its own finding, not a divergence");
    }

    [Fact]
    public void Outputs_of_another_shape_or_missing_never_agree_and_say_why()
    {
        var baked = HazardProbes.Get(HazardProbes.BakedBatch);
        var eager = new ProbeRunResult(null, baked.Cases.Select(c => NamedTensor.FromFloats(c.Name, new float[c.Shape[0]], c.Shape[0])).ToArray(), [], null, []);
        var truncated = eager with { Outputs = [eager.Outputs[0], eager.Outputs[1].FirstRows(4)] };
        var raised = eager with { Outputs = [eager.Outputs[0]], Diagnostics = ["case batch-6: RuntimeError: shape '[4, -1]' is invalid for input of size 48"] };

        var shape = HybridizationFinding.Classify(baked, ExecutionMode.Traced, eager, truncated, VerdictRules.Default);
        var missing = HybridizationFinding.Classify(baked, ExecutionMode.Traced, eager, raised, VerdictRules.Default);

        shape.Behaviour.Should().Be(HazardCategory.ShapeSpecialisation);
        shape.Cases[1].Should().Be(new ProbeCaseDifference("batch-6", double.PositiveInfinity, "shape [4] against [6]", false));
        missing.Cases[1].Note.Should().Be("traced produced no output");
        missing.Silent.Should().BeFalse("the binding reported the case's error");
    }

    [Fact]
    public void A_control_is_classified_as_an_unexplained_divergence()
    {
        var control = HazardProbes.Get(ModelZoo.LeNet1);
        var eager = new ProbeRunResult(null, control.Cases.Select(c => NamedTensor.FromFloats(c.Name, new float[c.Shape[0] * 10], c.Shape[0], 10)).ToArray(), [], null, []);
        var drifted = eager with { Outputs = eager.Outputs.Select(o => NamedTensor.FromFloats(o.Name, o.ToFloats().Select(v => v + 1e-3f).ToArray(), [.. o.Shape])).ToArray() };

        HybridizationFinding.Classify(control, ExecutionMode.Traced, eager, drifted, VerdictRules.Default).Behaviour.Should().Be(HazardCategory.None);
    }
}
