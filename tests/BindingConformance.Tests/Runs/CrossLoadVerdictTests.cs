using BindingConformance.Oracles;
using BindingConformance.Runs;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Runs;

public sealed class CrossLoadVerdictTests
{
    private static readonly EvaluateResult Own = Result([9_500, 9_500, 9_500, 9_500, 9_500], [1f, 2f, 3f, 4f]);

    [Fact]
    public void Equal_and_stable_counts_pass()
    {
        var verdict = new CrossLoadVerdict(Own, Result([9_500, 9_500, 9_500, 9_500, 9_500], [1f, 2f, 3f, 4.00001f]), logitTolerance: null);

        verdict.Failures.Should().BeEmpty();
        verdict.MaxLogitDifference.Should().BeApproximately(1e-5, 1e-6);
        verdict.Metrics["stable"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public void A_different_count_fails_naming_the_pass_and_both_counts()
    {
        var verdict = new CrossLoadVerdict(Own, Result([9_500, 9_500, 9_499, 9_500, 9_500], [1f, 2f, 3f, 4f]), logitTolerance: null);

        verdict.Failures.Should().ContainSingle(f => f.Contains("source binding's 9500") && f.Contains("pass 3: 9499"));
        verdict.Failures.Should().Contain(f => f.StartsWith("unstable across 5 passes"));
    }

    [Fact]
    public void Across_frameworks_logits_beyond_the_tolerance_fail()
    {
        var verdict = new CrossLoadVerdict(Own, Result([9_500, 9_500, 9_500, 9_500, 9_500], [1f, 2f, 3.001f, 4f]), logitTolerance: 1e-4);

        verdict.Failures.Should().ContainSingle().Which.Should().StartWith("max |logit difference| 0.001");
    }

    [Fact]
    public void NaN_logits_count_as_an_infinite_difference()
    {
        var verdict = new CrossLoadVerdict(Own, Result([9_500, 9_500, 9_500, 9_500, 9_500], [1f, float.NaN, 3f, 4f]), logitTolerance: 1e-4);

        verdict.MaxLogitDifference.Should().Be(double.PositiveInfinity);
        verdict.Failures.Should().ContainSingle(f => f.Contains("logit difference"));
    }

    private static EvaluateResult Result(int[] correct, float[] logits) =>
        new(10_000, 2, correct, logits, correct.Select(_ => 0.5).ToArray());
}
