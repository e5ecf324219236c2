using BindingConformance.Statistics;
using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace BindingConformance.Assertions;

/// <summary>Statistical comparisons of a cell's training runs with the reference binding's runs of the same seeds.</summary>
public sealed class TrainingRunsAssertions(TrainingRuns subject)
    : ReferenceTypeAssertions<TrainingRuns, TrainingRunsAssertions>(subject)
{
    protected override string Identifier => "training runs";

    /// <summary>
    /// Every seed pair's accuracy curves are within <paramref name="bound"/> in DTW distance divided by the
    /// number of epochs (the study's measure; its largest observed value was 0.019).
    /// </summary>
    public AndConstraint<TrainingRunsAssertions> HaveCurvesWithinDtwOf(TrainingRuns reference, double bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bound);
        RequireSeedPairs(reference);
        var distances = Subject.Curves.Zip(reference.Curves, (c, r) => DynamicTimeWarping.Exact(c, r).NormalizedDistance).ToArray();
        var worst = Array.IndexOf(distances, distances.Max());
        Execute.Assertion
            .ForCondition(distances[worst] <= bound)
            .FailWith(FailureMessage.Escape(FailureMessage.Format(
                $"DTW {FailureMessage.Number(distances[worst])} exceeds bound {FailureMessage.Number(bound)}: accuracy curves diverge from the reference",
                ("statistic", "max over seed pairs of DTW distance / epochs"),
                ("value", distances[worst]),
                ("worst seed pair", worst),
                ("all seed pairs", string.Join(", ", distances.Select(d => FailureMessage.Number(d)))),
                ("n", $"{distances.Length} seed pairs, {Subject.Curves[worst].Count} epochs"),
                ("bound", bound))));
        return new AndConstraint<TrainingRunsAssertions>(this);
    }

    /// <summary>
    /// Final accuracies show no significant difference: a two-sided Mann-Whitney U test does not reject at
    /// <paramref name="alpha"/>, divided by the family's size when a <paramref name="family"/> is declared.
    /// </summary>
    public AndConstraint<TrainingRunsAssertions> HaveAccuraciesNotSignificantlyDifferentFrom(
        TrainingRuns reference, double alpha = 0.05, ComparisonFamily? family = null)
    {
        if (alpha is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in (0, 1)");
        var test = MannWhitneyU.Test(Subject.FinalAccuracies, reference.FinalAccuracies);
        var effect = CliffsDelta.Compute(Subject.FinalAccuracies, reference.FinalAccuracies);
        var threshold = alpha / (family?.Size ?? 1);
        Execute.Assertion
            .ForCondition(test.PValue > threshold)
            .FailWith(FailureMessage.Escape(FailureMessage.Format(
                $"Mann-Whitney U: final accuracies differ significantly (p = {FailureMessage.Number(test.PValue)} ≤ {FailureMessage.Number(threshold)})",
                ("statistic", $"U = {FailureMessage.Number(test.U)} ({test.Method}, two-sided)"),
                ("p-value", test.PValue),
                ("effect size", $"Cliff's delta {FailureMessage.Number(effect.Delta)} ({effect.Magnitude})"),
                ("n", $"{test.FirstCount} vs {test.SecondCount} runs"),
                ("means", $"{FailureMessage.Number(Subject.FinalAccuracies.Average())} vs {FailureMessage.Number(reference.FinalAccuracies.Average())}"),
                ("threshold", family is null
                    ? $"alpha = {FailureMessage.Number(alpha)}"
                    : $"alpha / {family.Size} = {FailureMessage.Number(threshold)} (Bonferroni over family {family.Name})"))));
        return new AndConstraint<TrainingRunsAssertions>(this);
    }

    /// <summary>
    /// Training time is not slower than the reference by more than <paramref name="worstAllowed"/>: Cliff's
    /// delta of this binding's times against the reference's, positive when slower, must not exceed that magnitude.
    /// </summary>
    public AndConstraint<TrainingRunsAssertions> NotBeSlowerThan(TrainingRuns reference, EffectMagnitude worstAllowed = EffectMagnitude.Small)
    {
        var effect = CliffsDelta.Compute(Subject.Seconds, reference.Seconds);
        var test = MannWhitneyU.Test(Subject.Seconds, reference.Seconds);
        Execute.Assertion
            .ForCondition(effect.Delta <= 0 || effect.Magnitude <= worstAllowed)
            .FailWith(FailureMessage.Escape(FailureMessage.Format(
                $"Cliff's delta {FailureMessage.Number(effect.Delta)} ({effect.Magnitude}): training is slower than the reference beyond {worstAllowed}",
                ("statistic", "Cliff's delta of training seconds, binding vs reference (positive = slower)"),
                ("effect size", $"{FailureMessage.Number(effect.Delta)} ({effect.Magnitude})"),
                ("p-value", $"{FailureMessage.Number(test.PValue)} (Mann-Whitney U = {FailureMessage.Number(test.U)}, two-sided)"),
                ("medians", $"{FailureMessage.Number(Median.Of(Subject.Seconds))} s vs {FailureMessage.Number(Median.Of(reference.Seconds))} s"),
                ("n", $"{Subject.Seconds.Count} vs {reference.Seconds.Count} runs"),
                ("bound", $"slower by at most {worstAllowed} (|d| < {UpperBound(worstAllowed)})"))));
        return new AndConstraint<TrainingRunsAssertions>(this);
    }

    private void RequireSeedPairs(TrainingRuns reference)
    {
        if (Subject.Curves.Count == 0 || Subject.Curves.Count != reference.Curves.Count)
            throw new ArgumentException(
                $"curves are compared seed by seed: got {Subject.Curves.Count} runs and {reference.Curves.Count} reference runs", nameof(reference));
    }

    private static string UpperBound(EffectMagnitude magnitude) => magnitude switch
    {
        EffectMagnitude.Negligible => FailureMessage.Number(CliffsDelta.NegligibleBelow),
        EffectMagnitude.Small => FailureMessage.Number(CliffsDelta.SmallBelow),
        EffectMagnitude.Medium => FailureMessage.Number(CliffsDelta.MediumBelow),
        _ => "1",
    };
}
