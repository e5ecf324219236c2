using BindingConformance.Cells;
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

        speed.Verdict.Should().Be(SpeedFinding.Slower);
        speed.SlowerTest.Method.Should().Be(MannWhitneyMethod.Exact);
        speed.SlowerTest.PValue.Should().BeApproximately(1.0 / 252, 1e-12);
        speed.Ratio.Should().BeApproximately(1.3, 1e-12);
        speed.Effect.Delta.Should().Be(-1, "every eager time is below every graph time: the graph is slower");
        speed.SlowerP.Should().BeApproximately(2.0 / 252, 1e-12, "Holm over its own two questions doubles the smaller p-value");
        speed.Summary.Should().StartWith("slower: 1.3× eager's median time (Holm-adjusted over 2 hypotheses: p = 0.007937 for more than 5 % slower");
    }

    [Fact]
    public void A_graph_slower_by_less_than_the_threshold_is_the_same()
    {
        // 2 % slower: every graph time is above every eager time, but not above eager × 1.05.
        var speed = GraphSpeed.Judge(Eager, Times(1.02), VerdictRules.Default);

        speed.Verdict.Should().Be(SpeedFinding.Same);
        speed.SlowerTest.PValue.Should().BeGreaterThan(0.05);
        speed.Effect.Magnitude.Should().Be(EffectMagnitude.Large, "the effect is reported even when it is below the practical threshold");
    }

    [Fact]
    public void A_graph_clearly_more_than_5_percent_faster_is_faster()
    {
        var speed = GraphSpeed.Judge(Eager, Times(0.7), VerdictRules.Default);

        speed.Verdict.Should().Be(SpeedFinding.Faster);
        speed.FasterTest.PValue.Should().BeApproximately(1.0 / 252, 1e-12);
        speed.Ratio.Should().BeApproximately(0.7, 1e-12);
    }

    [Fact]
    public void The_threshold_is_a_verdict_rule()
    {
        // 4 % slower: the same under the 5 % threshold, slower without one (scipy: mannwhitneyu(graph, eager, alternative='greater',
        // method='exact').pvalue = 0.007937; Holm over its two questions: 0.01587 < 0.05).
        GraphSpeed.Judge(Eager, Times(1.04), VerdictRules.Default).Verdict.Should().Be(SpeedFinding.Same);
        GraphSpeed.Judge(Eager, Times(1.04), VerdictRules.Default with { GraphSpeedThreshold = 0 }).Verdict.Should().Be(SpeedFinding.Slower);
    }

    [Fact]
    public void A_family_of_time_cells_is_judged_together_so_that_many_marginal_findings_do_not_pass_the_family_rule()
    {
        // Each cell alone: exact one-sided p = 1/252, "slower" at α = 0.05. Eight such cells ask 16 questions; Holm multiplies
        // the smallest p by 16 and the rest by fewer, but the step-down stops at the first: 16/252 = 0.0635 > 0.05
        // (R 4.2: p.adjust(c(rep(1/252, 8), rep(1, 8)), "holm")[1:8] = 0.06349206).
        var family = GraphSpeed.JudgeFamily([.. Enumerable.Repeat(((IReadOnlyList<double>)Eager, (IReadOnlyList<double>)Times(1.3)), 8)], VerdictRules.Default);

        family.Should().HaveCount(8).And.OnlyContain(s => s.Verdict == SpeedFinding.Same && s.FamilySize == 16);
        family[0].SlowerP.Should().BeApproximately(16.0 / 252, 1e-12);
        GraphSpeed.Judge(Eager, Times(1.3), VerdictRules.Default).Verdict.Should().Be(SpeedFinding.Slower, "alone, the same cell is slower");
    }
}
