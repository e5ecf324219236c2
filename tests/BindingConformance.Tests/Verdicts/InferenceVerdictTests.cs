using BindingConformance.Oracles;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Verdicts;

/// <summary>The rules of every evaluation cell, on hand-made results of 2 examples × 2 classes.</summary>
public sealed class InferenceVerdictTests
{
    private static readonly InferenceExpectation Trained = new(2, 1, [2f, -1f, 0.5f, 1.5f], "port's trained model in memory");

    [Fact]
    public void Equal_counts_and_logits_within_the_float32_tolerance_on_every_pass_pass()
    {
        var verdict = InferenceVerdict.Judge(Trained, Result([1, 1, 1], [2f, -1f, 0.5f, 1.5f + 5e-6f]), VerdictRules.Default);

        verdict.Passed.Should().BeTrue(verdict.Reason);
        verdict.Metrics["max_abs_logit_difference"]!.GetValue<double>().Should().BeApproximately(5e-6, 1e-7);
        verdict.Metrics["logit_passes_compared"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public void Logits_scaled_at_inference_fail_although_every_prediction_is_unchanged()
    {
        var verdict = InferenceVerdict.Judge(Trained, Result([1, 1, 1], [4f, -2f, 1f, 3f]), VerdictRules.Default);

        verdict.Failures.Should().ContainSingle().Which.Should().Match<RuleCheck>(c => c.Rule == "logits" && c.Value == "2" && c.Bound == "≤ 0.0001");
    }

    [Fact]
    public void Noise_on_one_later_pass_fails_both_the_logits_and_the_pass_determinism_rule()
    {
        var result = Result([1, 1, 1], [2f, -1f, 0.5f, 1.5f]) with
        {
            PassLogits = [[2f, -1f, 0.5f, 1.5f], [2f, -1f, 0.5f, 1.5f], [2.001f, -1f, 0.5f, 1.5f]],
        };

        var verdict = InferenceVerdict.Judge(Trained, result, VerdictRules.Default);

        verdict.Failures.Select(f => f.Rule).Should().Equal("logits", "pass-determinism");
        verdict.Failures.First().Detail.Should().Contain("worst on pass 3 of 3");
    }

    [Fact]
    public void A_changed_correct_count_on_any_pass_fails_naming_the_pass()
    {
        var verdict = InferenceVerdict.Judge(Trained, Result([1, 0, 1], [2f, -1f, 0.5f, 1.5f]), VerdictRules.Default);

        verdict.Failures.Select(f => f.Rule).Should().Equal("correct-count", "pass-determinism");
        verdict.Reason.Should().StartWith("correct-count: correct predictions differ from port's trained model in memory (1): pass 2: 0 (value 1, 0, 1, bound = 1 on every pass)");
    }

    [Fact]
    public void NaN_logits_count_as_infinitely_far_and_the_metric_stays_valid_json()
    {
        var verdict = InferenceVerdict.Judge(Trained, Result([1, 1, 1], [float.NaN, -1f, 0.5f, 1.5f]), VerdictRules.Default);

        verdict.Failures.Should().ContainSingle().Which.Value.Should().Be("Infinity");
        verdict.Metrics["max_abs_logit_difference"].Should().BeNull();
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_finite_logits_on_both_sides_are_a_finding_never_an_equality(float value)
    {
        // NaN weights or inputs give the same NaN in the reference and in the binding; counting NaN equal to NaN passed
        // them with 0 deviation.
        var expected = new InferenceExpectation(2, 1, [value, -1f, 0.5f, 1.5f], "port's trained model in memory");

        var verdict = InferenceVerdict.Judge(expected, Result([1, 1, 1], [value, -1f, 0.5f, 1.5f]), VerdictRules.Default);

        verdict.Passed.Should().BeFalse();
        verdict.Failures.Should().ContainSingle("the passes repeat each other, so they are deterministic").Which.Should().Match<RuleCheck>(c =>
            c.Rule == "logits" && c.Value == "Infinity" &&
            c.Detail.EndsWith("non-finite logits (NaN or infinity) in port's trained model in memory and in the binding's passes are never equal"));
    }

    private static EvaluateResult Result(int[] correct, float[] logits) =>
        new(2, 2, correct, logits, correct.Select(_ => 0.01).ToArray()) { PassLogits = correct.Select(_ => logits).ToArray() };
}
