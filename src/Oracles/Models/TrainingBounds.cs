namespace BindingConformance.Oracles.Models;

/// <summary>
/// A model's own bounds for the training rules, where its clean runs need other values than the verdict rules' defaults
/// (<c>VerdictRules</c>, measured on the LeNets); null keeps the default. <c>docs/verdicts.md</c> gives each value's margin.
/// </summary>
/// <param name="TrajectoryLoss">Largest relative step-loss difference of <c>exact-trajectory</c>.</param>
/// <param name="TrajectoryAccuracy">Largest per-epoch accuracy difference of <c>exact-accuracies</c>.</param>
/// <param name="Dtw">Largest normalised DTW of the training-accuracy curves (<c>dtw</c>, where the engines differ).</param>
public sealed record TrainingBounds(double? TrajectoryLoss = null, double? TrajectoryAccuracy = null, double? Dtw = null)
{
    public static TrainingBounds Defaults { get; } = new();
}
