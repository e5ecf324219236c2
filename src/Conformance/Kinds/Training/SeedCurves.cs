using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Reports;
using BindingConformance.Verdicts;

namespace BindingConformance.Kinds.Training;

/// <summary>
/// Every seed's curves of a training cell (per-epoch train and test accuracy, the loss of every optimizer step), kept in
/// the cell's metrics under <see cref="MetricName"/> so a report can plot them: written and read here, nowhere else.
/// </summary>
public sealed record SeedCurves(int Seed, IReadOnlyList<double?> TrainAccuracy, IReadOnlyList<double?> TestAccuracy, IReadOnlyList<double?> StepLosses)
{
    public const string MetricName = "seed_curves";

    /// <summary>The curves of every run of <paramref name="evidence"/>, in seed order.</summary>
    public static JsonArray ToJson(TrainingEvidence evidence) =>
        new(evidence.Runs.Select((run, i) => (JsonNode)new JsonObject
        {
            ["seed"] = evidence.Seeds[i],
            ["train_accuracy"] = Numbers(run.TrainAccuracy),
            ["test_accuracy"] = Numbers(run.TestAccuracy),
            ["step_losses"] = Numbers(run.StepLosses),
        }).ToArray());

    /// <summary>
    /// The curves recorded in <paramref name="cell"/>'s metrics; empty when it has none (a skipped or failed training, a
    /// report of an older release). A malformed entry is skipped: the report is read from a file people keep.
    /// </summary>
    public static IReadOnlyList<SeedCurves> Of(CellResult cell)
    {
        if (cell.Metrics[MetricName] is not JsonArray runs) return [];
        var curves = new List<SeedCurves>();
        foreach (var run in runs.OfType<JsonObject>())
        {
            if (JsonFields.NumberOf(run["seed"]) is not { } seed) continue;
            curves.Add(new SeedCurves((int)seed, Read(run["train_accuracy"]), Read(run["test_accuracy"]), Read(run["step_losses"])));
        }
        return curves;
    }

    // JSON has no NaN or infinity: a diverged curve keeps its length with nulls where values were not finite.
    private static JsonArray Numbers(IEnumerable<double> values) =>
        new(values.Select(v => (JsonNode?)(double.IsFinite(v) ? JsonValue.Create(v) : null)).ToArray());

    private static IReadOnlyList<double?> Read(JsonNode? node) =>
        node is JsonArray values ? values.Select(JsonFields.NumberOf).ToArray() : [];
}
