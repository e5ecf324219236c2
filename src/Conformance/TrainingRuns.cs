using System.Text.Json.Serialization;
using BindingConformance.Oracles;

namespace BindingConformance;

/// <summary>
/// What a binding measured over seed-ordered training runs of one cell: the training-accuracy curve of
/// each seed (what the study compares with DTW), the final test accuracies and the training times.
/// Run <c>i</c> of two <see cref="TrainingRuns"/> used the same seed, so they are compared pairwise.
/// </summary>
public sealed record TrainingRuns(
    [property: JsonPropertyName("curves")] IReadOnlyList<IReadOnlyList<double>> Curves,
    [property: JsonPropertyName("final_accuracies")] IReadOnlyList<double> FinalAccuracies,
    [property: JsonPropertyName("seconds")] IReadOnlyList<double> Seconds)
{
    public static TrainingRuns From(IEnumerable<TrainResult> seedOrderedRuns)
    {
        var runs = seedOrderedRuns.ToArray();
        return new TrainingRuns(
            [.. runs.Select(r => r.TrainAccuracy)],
            [.. runs.Select(r => r.FinalTestAccuracy)],
            [.. runs.Select(r => r.TrainingSeconds)]);
    }
}
