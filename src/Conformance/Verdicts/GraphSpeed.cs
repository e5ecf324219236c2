using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Statistics;

namespace BindingConformance.Verdicts;

/// <summary>
/// A graph mode's times against eager's, judged with a practical threshold as BenchmarkDotNet/Perfolizer do: slower when
/// the graph's times are significantly above eager's × (1 + threshold) (one-sided Mann-Whitney U), faster when
/// significantly below eager's ÷ (1 + threshold), otherwise the same. Significance is judged over a family: every time
/// cell of a run asks two one-sided questions (slower? faster?), and Holm's correction runs over all of them
/// (<see cref="JudgeFamily"/>), as Bonferroni does for the time-cost cells. A slower graph is a performance-regression
/// finding, never a silent pass or a failure.
/// </summary>
/// <param name="Ratio">Median graph time / median eager time (below 1: the graph is faster).</param>
/// <param name="Effect">Cliff's delta of eager's times against the graph's (<see cref="SpeedEffect"/>: positive when the graph tends to be faster).</param>
/// <param name="SlowerP">Holm-adjusted p-value of "more than the threshold slower" over the family.</param>
/// <param name="FasterP">Holm-adjusted p-value of "more than the threshold faster" over the family.</param>
/// <param name="FamilySize">Hypotheses in the family (two per time cell).</param>
public sealed record GraphSpeed(string Verdict, double Ratio, CliffsDeltaResult Effect, MannWhitneyResult SlowerTest, MannWhitneyResult FasterTest,
    double SlowerP, double FasterP, int FamilySize, double Threshold)
{
    /// <summary>
    /// Judges every cell of one family: <paramref name="samples"/> holds each cell's eager and graph times; the answers are
    /// in the same order.
    /// </summary>
    /// <exception cref="ArgumentException">A sample is empty or not finite.</exception>
    public static IReadOnlyList<GraphSpeed> JudgeFamily(IReadOnlyList<(IReadOnlyList<double> Eager, IReadOnlyList<double> Graph)> samples, VerdictRules rules)
    {
        if (samples.Count == 0) return [];
        var margin = 1 + rules.GraphSpeedThreshold;
        var tests = samples.Select(s => (
            Slower: MannWhitneyU.Test(s.Graph, s.Eager.Select(t => t * margin).ToArray(), Alternative.Greater),
            Faster: MannWhitneyU.Test(s.Graph, s.Eager.Select(t => t / margin).ToArray(), Alternative.Less))).ToArray();
        var holm = Holm.Adjust([.. tests.Select(t => t.Slower.PValue), .. tests.Select(t => t.Faster.PValue)], rules.Alpha);
        var m = tests.Length;
        return tests.Select((t, i) => new GraphSpeed(
            holm.Reject[i] ? SpeedFinding.Slower : holm.Reject[m + i] ? SpeedFinding.Faster : SpeedFinding.Same,
            Median.Of(samples[i].Graph) / Median.Of(samples[i].Eager), SpeedEffect.Of(samples[i].Eager, samples[i].Graph), t.Slower, t.Faster,
            holm.Adjusted[i], holm.Adjusted[m + i], 2 * m, rules.GraphSpeedThreshold)).ToArray();
    }

    /// <summary>One cell judged alone: a family of its two questions.</summary>
    public static GraphSpeed Judge(IReadOnlyList<double> eagerSeconds, IReadOnlyList<double> graphSeconds, VerdictRules rules) =>
        JudgeFamily([(eagerSeconds, graphSeconds)], rules)[0];

    /// <summary><c>slower: 1.31× eager's median time (Holm p = 0.0002 for more than 5 % slower …), Cliff's delta -0.9 (large)</c>.</summary>
    public string Summary =>
        $"{Verdict}: {RuleCheck.Number(Ratio)}× eager's median time (Holm-adjusted over {FamilySize} hypotheses: p = {RuleCheck.Number(SlowerP)} for more than {Percent} slower, " +
        $"p = {RuleCheck.Number(FasterP)} for more than {Percent} faster), Cliff's delta {RuleCheck.Number(Effect.Delta)} ({Effect.Magnitude.ToString().ToLowerInvariant()})";

    private string Percent => $"{RuleCheck.Number(Threshold * 100)} %";

    public SpeedFinding Finding => new(Verdict, Ratio);

    public JsonObject ToJson() => new()
    {
        ["verdict"] = Verdict,
        ["graph_eager_ratio"] = Ratio,
        ["threshold"] = Threshold,
        ["p_slower"] = SlowerTest.PValue,
        ["p_faster"] = FasterTest.PValue,
        ["p_slower_holm"] = SlowerP,
        ["p_faster_holm"] = FasterP,
        ["family_size"] = FamilySize,
        // Positive: eager's times tend to be larger, i.e. the graph tends to be faster.
        ["cliffs_delta"] = Effect.Delta,
        ["cliffs_delta_magnitude"] = Effect.Magnitude.ToString().ToLowerInvariant(),
        ["samples"] = SlowerTest.FirstCount,
        ["eager_samples"] = SlowerTest.SecondCount,
    };
}
