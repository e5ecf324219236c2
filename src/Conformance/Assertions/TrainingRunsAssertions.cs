using BindingConformance.Statistics;
using BindingConformance.Verdicts;
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
    /// number of epochs (the study's measure; its largest observed value was 0.019). Default: <see cref="VerdictRules.DtwBound"/>.
    /// </summary>
    public AndConstraint<TrainingRunsAssertions> HaveCurvesWithinDtwOf(TrainingRuns reference, double? bound = null)
    {
        if (bound < 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "a DTW bound cannot be negative");
        var comparison = new StatisticalTrainingComparison(Subject, reference, 1, VerdictRules.Default with { DtwBound = bound ?? VerdictRules.Default.DtwBound });
        Execute.Assertion
            .ForCondition(comparison.CurvesAlike)
            .FailWith(FailureMessage.Escape(FailureMessage.Format(
                $"DTW {FailureMessage.Number(comparison.MaxDistance)} exceeds bound {FailureMessage.Number(comparison.DtwBound)}: accuracy curves diverge from the reference",
                ("rule", "dtw"),
                ("statistic", "max over seed pairs of DTW distance / epochs"),
                ("value", comparison.MaxDistance),
                ("worst seed pair", comparison.WorstPair),
                ("all seed pairs", string.Join(", ", comparison.Distances.Select(d => FailureMessage.Number(d)))),
                ("n", $"{comparison.Distances.Count} seed pairs, {Subject.Curves[comparison.WorstPair].Count} epochs"),
                ("bound", comparison.DtwBound))));
        return new AndConstraint<TrainingRunsAssertions>(this);
    }

    /// <summary>
    /// Final accuracies show no significant difference: a two-sided Mann-Whitney U test does not reject at
    /// <paramref name="alpha"/>, divided by the family's size when a <paramref name="family"/> is declared.
    /// Default: <see cref="VerdictRules.Alpha"/>.
    /// </summary>
    public AndConstraint<TrainingRunsAssertions> HaveAccuraciesNotSignificantlyDifferentFrom(
        TrainingRuns reference, double? alpha = null, ComparisonFamily? family = null)
    {
        if (alpha is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in (0, 1)");
        var comparison = new StatisticalTrainingComparison(Subject, reference, family?.Size ?? 1,
            VerdictRules.Default with { Alpha = alpha ?? VerdictRules.Default.Alpha });
        var test = comparison.Test;
        Execute.Assertion
            .ForCondition(comparison.AccuraciesAlike)
            .FailWith(FailureMessage.Escape(FailureMessage.Format(
                $"Mann-Whitney U: final accuracies differ significantly (p = {FailureMessage.Number(test?.PValue ?? 1)} ≤ {FailureMessage.Number(comparison.Threshold)})",
                ("rule", "mann-whitney"),
                ("statistic", $"U = {FailureMessage.Number(test?.U ?? 0)} ({test?.Method}, two-sided)"),
                ("p-value", test?.PValue ?? 1),
                ("effect size", $"Cliff's delta {FailureMessage.Number(comparison.Effect?.Delta ?? 0)} ({comparison.Effect?.Magnitude})"),
                ("n", $"{test?.FirstCount} vs {test?.SecondCount} runs"),
                ("means", $"{FailureMessage.Number(Subject.FinalAccuracies.Average())} vs {FailureMessage.Number(reference.FinalAccuracies.Average())}"),
                ("threshold", family is null
                    ? $"alpha = {FailureMessage.Number(comparison.Threshold)}"
                    : $"alpha / {family.Size} = {FailureMessage.Number(comparison.Threshold)} (Bonferroni over family {family.Name})"))));
        return new AndConstraint<TrainingRunsAssertions>(this);
    }

    /// <summary>
    /// Training time is not slower than the reference by more than <paramref name="worstAllowed"/>: Cliff's
    /// delta of the reference's times against this binding's (<see cref="SpeedEffect"/>: negative when slower) must not exceed that magnitude.
    /// </summary>
    public AndConstraint<TrainingRunsAssertions> NotBeSlowerThan(TrainingRuns reference, EffectMagnitude worstAllowed = EffectMagnitude.Small)
    {
        var effect = SpeedEffect.Of(reference.Seconds, Subject.Seconds);
        var test = MannWhitneyU.Test(Subject.Seconds, reference.Seconds);
        Execute.Assertion
            .ForCondition(!SpeedEffect.SlowerBeyond(effect, worstAllowed))
            .FailWith(FailureMessage.Escape(FailureMessage.Format(
                $"Cliff's delta {FailureMessage.Number(effect.Delta)} ({effect.Magnitude}): training is slower than the reference beyond {worstAllowed}",
                ("statistic", "Cliff's delta of the reference's training seconds against the binding's (negative = slower)"),
                ("effect size", $"{FailureMessage.Number(effect.Delta)} ({effect.Magnitude})"),
                ("p-value", $"{FailureMessage.Number(test.PValue)} (Mann-Whitney U = {FailureMessage.Number(test.U)}, two-sided)"),
                ("medians", $"{FailureMessage.Number(Median.Of(Subject.Seconds))} s vs {FailureMessage.Number(Median.Of(reference.Seconds))} s"),
                ("n", $"{Subject.Seconds.Count} vs {reference.Seconds.Count} runs"),
                ("bound", $"slower by at most {worstAllowed} (|d| < {UpperBound(worstAllowed)})"))));
        return new AndConstraint<TrainingRunsAssertions>(this);
    }

    private static string UpperBound(EffectMagnitude magnitude) => magnitude switch
    {
        EffectMagnitude.Negligible => FailureMessage.Number(CliffsDelta.NegligibleBelow),
        EffectMagnitude.Small => FailureMessage.Number(CliffsDelta.SmallBelow),
        EffectMagnitude.Medium => FailureMessage.Number(CliffsDelta.MediumBelow),
        _ => "1",
    };
}
