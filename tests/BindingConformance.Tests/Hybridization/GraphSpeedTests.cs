using BindingConformance.Statistics;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Hybridization;

/// <summary>
/// Graph against eager time with a 5 % practical threshold: shifted one-sided Mann-Whitney U tests. With 5 times per mode
/// and complete separation of the graph's times from eager's shifted times, the exact one-sided p-value is
/// 1 / C(10, 5) = 1/252 = 0.003968 (the smallest rank-sum probability; scipy 1.10:
/// <c>mannwhitneyu([2, 3, 4, 5, 6], [0.1, 0.2, 0.3, 0.4, 0.5], alternative='greater', method='exact').pvalue</c> = 0.003968253968253968).
/// </summary>
public sealed class GraphSpeedTests
{
    private static readonly double[] Eager = [1.00, 1.01, 1.02, 1.03, 1.04];

    private static double[] Times(double factor) => Eager.Select(s => s * factor).ToArray();

    [Fact]
    public void A_graph_clearly_more_than_5_percent_slower_is_slower_with_the_exact_p_value_and_effect()
    {
        var speed = GraphSpeed.Judge(Eager, Times(1.3), VerdictRules.Default);

        speed.Verdict.Should().Be(GraphSpeed.Slower);
        speed.SlowerTest.Method.Should().Be(MannWhitneyMethod.Exact);
        speed.SlowerTest.PValue.Should().BeApproximately(1.0 / 252, 1e-12);
        speed.Ratio.Should().BeApproximately(1.3, 1e-12);
        speed.Effect.Delta.Should().Be(-1, "every eager time is below every graph time: the graph is slower");
        speed.Summary.Should().StartWith("slower: 1.3× eager's median time (p = 0.003968 for more than 5 % slower");
    }

    [Fact]
    public void A_graph_slower_by_less_than_the_threshold_is_the_same()
    {
        // 2 % slower: every graph time is above every eager time, but not above eager × 1.05.
        var speed = GraphSpeed.Judge(Eager, Times(1.02), VerdictRules.Default);

        speed.Verdict.Should().Be(GraphSpeed.Same);
        speed.SlowerTest.PValue.Should().BeGreaterThan(0.05);
        speed.Effect.Magnitude.Should().Be(EffectMagnitude.Large, "the effect is reported even when it is below the practical threshold");
    }

    [Fact]
    public void A_graph_clearly_more_than_5_percent_faster_is_faster()
    {
        var speed = GraphSpeed.Judge(Eager, Times(0.7), VerdictRules.Default);

        speed.Verdict.Should().Be(GraphSpeed.Faster);
        speed.FasterTest.PValue.Should().BeApproximately(1.0 / 252, 1e-12);
        speed.Ratio.Should().BeApproximately(0.7, 1e-12);
    }

    [Fact]
    public void The_threshold_is_a_verdict_rule()
    {
        GraphSpeed.Judge(Eager, Times(1.02), VerdictRules.Default with { GraphSpeedThreshold = 0 }).Verdict.Should().Be(GraphSpeed.Slower);
    }
}
