using System.Text.Json.Nodes;
using BindingConformance.Oracles;

namespace BindingConformance.Runs;

/// <summary>
/// The study's training-correctness oracle for one binding × device: the tier's minimum test accuracy,
/// and against the framework's reference binding, training-accuracy curves within a DTW bound and final
/// accuracies without a significant difference. Training time is measured, not judged.
/// </summary>
public sealed class TrainingVerdict
{
    public TrainingVerdict(IReadOnlyList<TrainResult> runs, TrainedModel? reference, double? minimumTestAccuracy, RunPlan plan)
    {
        var failures = new List<string>();
        var finals = runs.Select(r => r.FinalTestAccuracy).ToArray();
        if (minimumTestAccuracy is { } minimum && finals.Min() < minimum)
            failures.Add($"final test accuracy {finals.Min():F4} < required {minimum:F2}");

        Metrics = new JsonObject
        {
            ["version"] = runs[0].BindingVersion,
            ["seeds"] = runs.Count,
            ["final_test_accuracy"] = finals.Average(),
            ["training_seconds_median"] = Median(runs.Select(r => r.TrainingSeconds)),
            ["train_accuracy"] = Curve(runs[0].TrainAccuracy),
            ["test_accuracy"] = Curve(runs[0].TestAccuracy),
        };
        Failures = failures;
    }

    public IReadOnlyList<string> Failures { get; }

    public JsonObject Metrics { get; }

    private static JsonArray Curve(IEnumerable<double> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
