using BindingConformance.Statistics;

namespace BindingConformance.Verdicts;

/// <summary>
/// The bindings study's comparison of two sets of seed-paired training runs, computed once: the largest
/// normalised DTW between training-accuracy curves of a seed pair, and a two-sided Mann-Whitney U test of the
/// final accuracies at α / family size (Bonferroni). The training verdict, the FluentAssertions front end and the
/// snapshot comparer all judge through this class.
/// </summary>
public sealed class StatisticalTrainingComparison
{
    /// <exception cref="ArgumentException">The runs are not seed-paired, or hold values the statistics cannot rank (NaN, infinity).</exception>
    public StatisticalTrainingComparison(TrainingRuns subject, TrainingRuns reference, int familySize, VerdictRules rules)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(familySize, 1);
        if (subject.Curves.Count == 0 || subject.Curves.Count != reference.Curves.Count)
            throw new ArgumentException(
                $"curves are compared seed by seed: got {subject.Curves.Count} runs and {reference.Curves.Count} reference runs", nameof(reference));
        var distances = subject.Curves.Zip(reference.Curves, (s, r) => DynamicTimeWarping.Exact(r, s).NormalizedDistance).ToArray();
        Distances = distances;
        WorstPair = Array.IndexOf(distances, distances.Max());
        DtwBound = rules.DtwBound;
        Threshold = rules.Alpha / familySize;
        FamilySize = familySize;
        // With a single seed per side a rank test has nothing to rank.
        if (subject.FinalAccuracies.Count >= 2 && reference.FinalAccuracies.Count >= 2)
        {
            Test = MannWhitneyU.Test(subject.FinalAccuracies, reference.FinalAccuracies);
            Effect = CliffsDelta.Compute(subject.FinalAccuracies, reference.FinalAccuracies);
        }
    }

    /// <summary>Normalised DTW distance of each seed pair.</summary>
    public IReadOnlyList<double> Distances { get; }

    public int WorstPair { get; }

    public double MaxDistance => Distances[WorstPair];

    public double DtwBound { get; }

    /// <summary>α / family size: a p-value at or below it is a significant difference.</summary>
    public double Threshold { get; }

    public int FamilySize { get; }

    /// <summary>The rank test of final accuracies; null with fewer than 2 runs on a side.</summary>
    public MannWhitneyResult? Test { get; }

    /// <summary>Cliff's delta of the subject's final accuracies against the reference's; positive when the subject's tend to be higher.</summary>
    public CliffsDeltaResult? Effect { get; }

    public bool CurvesAlike => MaxDistance <= DtwBound;

    public bool AccuraciesAlike => Test is null || Test.PValue > Threshold;

    public RuleCheck DtwCheck(string referenceName) => RuleCheck.Of("dtw", CurvesAlike, MaxDistance, $"≤ {RuleCheck.Number(DtwBound)}",
        $"training-accuracy curves against {referenceName}'s: max over {Distances.Count} seed pairs of DTW / epochs, worst pair {WorstPair + 1}");

    /// <summary>The rank-test rule, or null when there are too few seeds to rank.</summary>
    public RuleCheck? MannWhitneyCheck(string referenceName) => Test is null ? null
        : RuleCheck.Of("mann-whitney", AccuraciesAlike, Test.PValue, $"> {RuleCheck.Number(Threshold)} (α {RuleCheck.Number(Threshold * FamilySize)} / family of {FamilySize})",
            $"final accuracies against {referenceName}'s: two-sided Mann-Whitney U = {RuleCheck.Number(Test.U)}, n = {Test.FirstCount}+{Test.SecondCount}, Cliff's delta {RuleCheck.Number(Effect!.Delta)}");
}
