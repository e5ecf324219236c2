using System.Text.Json.Nodes;
using BindingConformance.Statistics;

namespace BindingConformance.Verdicts;

/// <summary>
/// A graph mode's times against eager's, judged with a practical threshold as BenchmarkDotNet/Perfolizer do: slower when
/// the graph's times are significantly above eager's × (1 + threshold) (one-sided Mann-Whitney U), faster when
/// significantly below eager's ÷ (1 + threshold), otherwise the same. A slower graph is a performance-regression
/// finding, never a silent pass or a failure.
/// </summary>
/// <param name="Ratio">Median graph time / median eager time (below 1: the graph is faster).</param>
/// <param name="Effect">Cliff's delta of eager's times against the graph's (<see cref="SpeedEffect"/>: positive when the graph tends to be faster).</param>
public sealed record GraphSpeed(string Verdict, double Ratio, CliffsDeltaResult Effect, MannWhitneyResult SlowerTest, MannWhitneyResult FasterTest, double Threshold)
{
    public const string Faster = "faster", Same = "same", Slower = "slower";

    /// <exception cref="ArgumentException">A sample is empty or not finite.</exception>
    public static GraphSpeed Judge(IReadOnlyList<double> eagerSeconds, IReadOnlyList<double> graphSeconds, VerdictRules rules)
    {
        var margin = 1 + rules.GraphSpeedThreshold;
        var slower = MannWhitneyU.Test(graphSeconds, eagerSeconds.Select(s => s * margin).ToArray(), Alternative.Greater);
        var faster = MannWhitneyU.Test(graphSeconds, eagerSeconds.Select(s => s / margin).ToArray(), Alternative.Less);
        var verdict = slower.PValue < rules.Alpha ? Slower : faster.PValue < rules.Alpha ? Faster : Same;
        return new GraphSpeed(verdict, Median.Of(graphSeconds) / Median.Of(eagerSeconds), SpeedEffect.Of(eagerSeconds, graphSeconds), slower, faster,
            rules.GraphSpeedThreshold);
    }

    /// <summary><c>slower: 1.31× eager's median time (p = 0.0002 for more than 5 % slower), Cliff's delta -0.9 (large)</c>.</summary>
    public string Summary =>
        $"{Verdict}: {RuleCheck.Number(Ratio)}× eager's median time (p = {RuleCheck.Number(SlowerTest.PValue)} for more than {Percent} slower, " +
        $"p = {RuleCheck.Number(FasterTest.PValue)} for more than {Percent} faster), Cliff's delta {RuleCheck.Number(Effect.Delta)} ({Effect.Magnitude.ToString().ToLowerInvariant()})";

    private string Percent => $"{RuleCheck.Number(Threshold * 100)} %";

    public JsonObject ToJson() => new()
    {
        ["verdict"] = Verdict,
        ["graph_eager_ratio"] = Ratio,
        ["threshold"] = Threshold,
        ["p_slower"] = SlowerTest.PValue,
        ["p_faster"] = FasterTest.PValue,
        // Positive: eager's times tend to be larger, i.e. the graph tends to be faster.
        ["cliffs_delta"] = Effect.Delta,
        ["cliffs_delta_magnitude"] = Effect.Magnitude.ToString().ToLowerInvariant(),
        ["samples"] = SlowerTest.FirstCount,
        ["eager_samples"] = SlowerTest.SecondCount,
    };
}
