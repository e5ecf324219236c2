using BindingConformance.Cells;
using BindingConformance.Kinds.Gradient;
using BindingConformance.Kinds.Training;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;
using BindingConformance.Tests.Reports;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Gradient;

/// <summary>
/// The gradient cell's verdict on hand-made gradients of LeNet-1 (layers conv1, tanh1, pool1, conv2, tanh2, pool2, flatten, fc):
/// each parameter held to the identity probe's engine bound in backward order, the first that fails named; the kind is
/// listed and counts towards badges.
/// </summary>
public sealed class GradientVerdictTests
{
    private static readonly ModelSpec LeNet1 = ModelZoo.Get(ModelZoo.LeNet1);

    [Fact]
    public void Each_gradient_is_held_to_its_relative_L2_difference_and_the_first_failure_from_the_loss_back_is_named()
    {
        var expected = Step(("conv1.weight", [3f, 4f]), ("conv2.weight", [1f, 2f, 2f]), ("fc.weight", [0.6f, 0.8f]));
        // Hand-computed, ‖a − b‖₂ / ‖a‖₂ with a the reference's gradient:
        //   fc.weight    equal                                  → 0
        //   conv2.weight (1, 2, 2.3) against (1, 2, 2):  0.3 / 3 = 0.1
        //   conv1.weight (−3, −4) against (3, 4):        ‖(6, 8)‖ / ‖(3, 4)‖ = 10 / 5 = 2
        var actual = Step(("conv1.weight", [-3f, -4f]), ("conv2.weight", [1f, 2f, 2.3f]), ("fc.weight", [0.6f, 0.8f]));

        var (verdict, first) = GradientVerdict.Judge(LeNet1, expected, actual, "port", "reference", VerdictRules.Default);

        verdict.Passed.Should().BeFalse();
        verdict.Checks.Select(c => c.Rule).Should().AllBe(GradientVerdict.Rule);
        verdict.Checks.Select(c => c.Passed).Should().Equal(true, false, false);
        verdict.Checks.Select(c => c.Detail).Should().SatisfyRespectively(
            d => d.Should().Contain("fc.weight (layer fc)"),
            d => d.Should().Contain("conv2.weight (layer conv2)"),
            d => d.Should().Contain("conv1.weight (layer conv1)"));
        verdict.Checks.Select(c => c.Bound).Should().AllBe("≤ 0.01", "the identity probe's engine bound, VerdictRules.IdentityProbeTolerance");
        verdict.Metrics["gradient_differences"]!["conv2.weight"]!.GetValue<double>().Should().BeApproximately(0.1, 1e-6, "float32 2.3 is 2.2999999523");
        verdict.Metrics["gradient_differences"]!["conv1.weight"]!.GetValue<double>().Should().Be(2);
        verdict.Metrics["gradient_max_relative_difference"]!.GetValue<double>().Should().Be(2);
        first.Should().Be("conv2.weight (layer conv2)", "conv2 is nearer the loss than conv1");
    }

    [Fact]
    public void Equal_gradients_pass_and_a_gradient_the_binding_does_not_report_fails_as_infinite()
    {
        var expected = Step(("conv1.weight", [3f, 4f]), ("fc.bias", [1f]));

        var (same, none) = GradientVerdict.Judge(LeNet1, expected, expected, "port", "reference", VerdictRules.Default);
        var (missing, first) = GradientVerdict.Judge(LeNet1, expected, Step(("fc.bias", [1f])), "port", "reference", VerdictRules.Default);

        same.Passed.Should().BeTrue();
        none.Should().BeNull();
        missing.Checks.Single(c => !c.Passed).Detail.Should().EndWith("conv1.weight (layer conv1) in port against reference, which it does not report");
        missing.Metrics["gradient_max_relative_difference"].Should().BeNull("infinity has no JSON number");
        first.Should().Be("conv1.weight (layer conv1)");
    }

    [Fact]
    public void A_gradient_whose_exact_value_is_zero_is_held_to_the_models_scale_not_to_its_own_rounding()
    {
        // conv1.bias before batch norm: exactly zero in the reference, float32 rounding (1e-6) in the binding; the largest
        // gradient norm is ‖(6, 8)‖ = 10, so the floor is 1e-2 × 10 = 0.1 and the bias differs by 1e-6 / 0.1 = 1e-5.
        // A real gradient twice the reference's (fc.bias 0.5 against 0.25, ‖a‖ = 0.25 above the floor) is 0.25 / 0.25 = 1.
        var expected = Step(("conv1.weight", [6f, 8f]), ("conv1.bias", [0f]), ("fc.bias", [0.25f]));
        var actual = Step(("conv1.weight", [6f, 8f]), ("conv1.bias", [1e-6f]), ("fc.bias", [0.5f]));

        var (verdict, first) = GradientVerdict.Judge(LeNet1, expected, actual, "port", "reference", VerdictRules.Default);

        verdict.Metrics["gradient_differences"]!["conv1.bias"]!.GetValue<double>().Should().BeApproximately(1e-5, 1e-10);
        verdict.Metrics["gradient_differences"]!["fc.bias"]!.GetValue<double>().Should().Be(1);
        first.Should().Be("fc.bias (layer fc)", "only the real gradient diverges");
        verdict.Checks.Where(c => !c.Passed).Should().ContainSingle();
    }

    [Fact]
    public void Backward_order_reverses_the_spec_and_the_parameters_of_a_layer()
    {
        var order = GradientVerdict.BackwardOrder(LeNet1, Step(("conv1.weight", [1f]), ("conv1.bias", [1f]), ("fc.weight", [1f]), ("fc.bias", [1f]), ("stray", [1f])).Gradients);

        order.Select(o => $"{o.Layer}:{o.Gradient.Name}").Should().Equal("fc:fc.bias", "fc:fc.weight", "conv1:conv1.bias", "conv1:conv1.weight", "stray:stray");
    }

    [Fact]
    public void The_gradient_kind_is_listed_as_a_model_verdict_after_training_and_counts_towards_the_badge()
    {
        CellKinds.Get("gradient").Should().BeSameAs(GradientKind.Instance);
        CellKinds.Of(SubjectAxis.Model).Should().ContainInOrder(TrainingKind.Instance, GradientKind.Instance);
        GradientKind.Instance.Role.Should().Be(CellRole.Verdict);

        var report = ReportRoundTripTests.Sample();
        var withGradients = report with
        {
            Cells =
            [
                .. report.Cells,
                CellResult.Failed(new CellKey(GradientKind.Instance, "LeNet1", "torchsharp", "cpu"), "gradient: …"),
                CellResult.Skipped(new CellKey(GradientKind.Instance, "LeNet1", "torchsharp", "cuda"), "CUDA not available"),
            ],
        };

        ConformanceBadge.For(report, "torchsharp").Message.Should().Be("1/2 passed");
        ConformanceBadge.For(withGradients, "torchsharp").Message.Should().Be("1/3 passed", "a gradient cell that ran is a verdict; a skipped one is not counted");
    }

    private static TrainingStepResult Step(params (string Name, float[] Values)[] gradients) =>
        new([0.5], [0f], [], gradients.Select(g => NamedTensor.FromFloats(g.Name, g.Values, g.Values.Length)).ToArray());
}
