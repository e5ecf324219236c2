using BindingConformance.Oracles;

namespace BindingConformance.Verdicts;

/// <summary>
/// How far two training runs of one seed are apart, step by step: used by the determinism probe (a run against
/// its repeat, <see cref="OfRepeat"/>) and the exact-trajectory rule (a binding against its reference).
/// </summary>
public sealed record RunDifference(
    int Steps,
    int OtherSteps,
    double MaxRelativeLossDifference,
    int FirstDifferingStep,
    int WorstStep,
    double MaxAccuracyDifference,
    int FirstDifferingEpoch,
    double? FinalLogitDifference)
{
    /// <summary>Step losses compared where both runs report them; accuracies per epoch always; final logits where both report them.</summary>
    public static RunDifference Between(TrainResult run, TrainResult other)
    {
        var steps = Math.Min(run.StepLosses.Count, other.StepLosses.Count);
        double maxLoss = 0;
        var firstStep = -1;
        var worstStep = -1;
        for (var i = 0; i < steps; i++)
        {
            var d = RelativeLossDifference(run.StepLosses[i], other.StepLosses[i]);
            if (d > 0 && firstStep < 0) firstStep = i;
            if (d > maxLoss) (maxLoss, worstStep) = (d, i);
        }

        double maxAccuracy = 0;
        var firstEpoch = -1;
        var epochs = Math.Max(run.TrainAccuracy.Count, other.TrainAccuracy.Count);
        for (var e = 0; e < epochs; e++)
        {
            var d = Math.Max(At(run.TrainAccuracy, other.TrainAccuracy, e), At(run.TestAccuracy, other.TestAccuracy, e));
            if (d > 0 && firstEpoch < 0) firstEpoch = e;
            maxAccuracy = Math.Max(maxAccuracy, d);
        }

        double? logits = run.FinalTestLogits is { } a1 && other.FinalTestLogits is { } b1 ? LogitDifference.Max(a1, b1) : null;
        return new RunDifference(run.StepLosses.Count, other.StepLosses.Count, maxLoss, firstStep, worstStep, maxAccuracy, firstEpoch, logits);
    }

    /// <summary>
    /// The determinism probe's <paramref name="repeat"/> of <paramref name="run"/>'s first epochs against that run: the
    /// steps and accuracies of the epochs the repeat trained, and the final logits only when it trained them all.
    /// </summary>
    public static RunDifference OfRepeat(TrainResult repeat, TrainResult run)
    {
        var epochs = repeat.TrainAccuracy.Count;
        var runEpochs = run.TrainAccuracy.Count;
        if (epochs == 0 || epochs >= runEpochs) return Between(repeat, run);
        // Every epoch visits the whole split, so every epoch has the same number of steps.
        var steps = run.StepLosses.Count / runEpochs * epochs;
        return Between(repeat, run with
        {
            TrainAccuracy = run.TrainAccuracy.Take(epochs).ToArray(),
            TestAccuracy = run.TestAccuracy.Take(epochs).ToArray(),
            StepLosses = run.StepLosses.Take(steps).ToArray(),
            FinalTestLogits = null,
        });
    }

    /// <summary>How far two step losses are apart, relative to the larger; a NaN on either side counts as infinitely far.</summary>
    public static double RelativeLossDifference(double a, double b)
    {
        var d = a == b ? 0 : Math.Abs(a - b) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), double.Epsilon);
        return double.IsNaN(d) ? double.PositiveInfinity : d;
    }

    /// <summary>|a[e] − b[e]|; a missing or non-finite epoch counts as infinitely far.</summary>
    private static double At(IReadOnlyList<double> a, IReadOnlyList<double> b, int e)
    {
        if (e >= a.Count || e >= b.Count) return double.PositiveInfinity;
        var d = Math.Abs(a[e] - b[e]);
        return double.IsNaN(d) ? (a[e].Equals(b[e]) ? 0 : double.PositiveInfinity) : d;
    }

    public bool SameStepCount => Steps == OtherSteps;

    /// <summary><c>first differing epoch 2</c>, or <c>none</c>.</summary>
    public string FirstDifferingEpochText => FirstDifferingEpoch >= 0 ? $"first differing epoch {FirstDifferingEpoch + 1}" : "none";

    /// <summary>Where the runs part, in words: the first and the largest differing step, an epoch, or the step counts.</summary>
    public string FirstDifference =>
        !SameStepCount ? $"{Steps} optimizer steps against {OtherSteps}"
        : FirstDifferingStep >= 0 ? $"first differing step {FirstDifferingStep + 1} of {Steps}, largest at step {WorstStep + 1}"
        : FirstDifferingEpoch >= 0 ? FirstDifferingEpochText
        : FinalLogitDifference > 0 ? "final test logits"
        : "none";
}
