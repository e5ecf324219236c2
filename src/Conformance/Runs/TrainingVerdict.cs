using System.Text.Json.Nodes;
using BindingConformance.Oracles;
using BindingConformance.Statistics;

namespace BindingConformance.Runs;

/// <summary>
/// The study's training-correctness oracle for one binding × device: the tier's minimum test accuracy,
/// and against the framework's reference binding, seed-paired training-accuracy curves within a DTW
/// bound (normalised, maximum over pairs) and final accuracies without a significant difference
/// (two-sided Mann-Whitney U). Training time is measured and compared (Cliff's delta), not judged.
/// </summary>
public sealed class TrainingVerdict
{
    public TrainingVerdict(string runsFramework, IReadOnlyList<TrainResult> runs, TrainedModel? reference, double? minimumTestAccuracy, RunPlan plan)
    {
        var failures = new List<string>();
        var finals = runs.Select(r => r.FinalTestAccuracy).ToArray();
        var times = runs.Select(r => r.TrainingSeconds).ToArray();
        if (finals.Any(f => !double.IsFinite(f)))
            failures.Add($"final test accuracy is not a finite number: {string.Join(", ", finals)}");
        else if (minimumTestAccuracy is { } minimum && finals.Min() < minimum)
            failures.Add($"final test accuracy {finals.Min():F4} < required {minimum:F2}");

        Metrics = new JsonObject
        {
            ["version"] = runs[0].BindingVersion,
            ["seeds"] = runs.Count,
            ["final_test_accuracy"] = Finite(finals.Average()),
            ["training_seconds_median"] = Median.Of(times),
            ["train_accuracy"] = Curve(runs[0].TrainAccuracy),
            ["test_accuracy"] = Curve(runs[0].TestAccuracy),
        };

        if (reference is not null)
        {
            try
            {
                CompareWithReference(runs, reference, runsFramework, finals, times, plan, failures);
            }
            catch (ArgumentException e)
            {
                // Diverged training (NaN or infinite accuracies) must fail this cell, not end the run.
                failures.Add($"training results cannot be judged against {reference.Oracle.Binding.Id}'s: {e.Message}");
            }
        }
        Failures = failures;
    }

    private void CompareWithReference(IReadOnlyList<TrainResult> runs, TrainedModel reference, string runsFramework,
        double[] finals, double[] times, RunPlan plan, List<string> failures)
    {
        var referenceRuns = reference.Runs;
        Metrics["reference"] = reference.Oracle.Binding.Id;
        Metrics["cross_framework"] = reference.Oracle.Binding.Framework != runsFramework;
        var dtw = runs.Zip(referenceRuns, (r, s) => DynamicTimeWarping.Exact(s.TrainAccuracy, r.TrainAccuracy).NormalizedDistance).Max();
        Metrics["dtw_max_normalized"] = dtw;
        if (dtw > plan.DtwBound)
            failures.Add($"training-accuracy curve differs from {reference.Oracle.Binding.Id}'s: max normalised DTW {dtw:F4} > bound {plan.DtwBound}");

        var referenceFinals = referenceRuns.Select(r => r.FinalTestAccuracy).ToArray();
        var referenceTimes = referenceRuns.Select(r => r.TrainingSeconds).ToArray();
        Metrics["reference_final_test_accuracy"] = Finite(referenceFinals.Average());
        Metrics["reference_training_seconds_median"] = Median.Of(referenceTimes);
        Metrics["cliffs_delta_time"] = CliffsDelta.Compute(referenceTimes, times).Delta;
        // With a single seed per binding a rank test has nothing to rank.
        if (runs.Count >= 2 && referenceRuns.Count >= 2)
        {
            var mwu = MannWhitneyU.Test(referenceFinals, finals);
            Metrics["mwu_p"] = mwu.PValue;
            if (mwu.PValue < plan.Alpha)
                failures.Add($"final accuracies differ from {reference.Oracle.Binding.Id}'s: Mann-Whitney U={mwu.U}, p={mwu.PValue:G3} < alpha {plan.Alpha} (n={referenceFinals.Length}+{finals.Length})");
        }
    }

    public IReadOnlyList<string> Failures { get; }

    public JsonObject Metrics { get; }

    // JSON has no NaN or infinity; a diverged curve keeps its length with nulls where values were not finite.
    private static JsonArray Curve(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)Finite(v)).ToArray());

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
