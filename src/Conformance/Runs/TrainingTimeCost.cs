using System.Text.Json.Nodes;
using BindingConformance.Oracles;
using BindingConformance.Reports;
using BindingConformance.Statistics;

namespace BindingConformance.Runs;

/// <summary>
/// The study's time-cost question for one model: each non-default binding's training times against its own
/// framework's default binding on the same device, as a median speed-up, Cliff's delta with its magnitude,
/// and a two-sided Mann-Whitney U test, Bonferroni-corrected over the comparisons of one framework × model
/// × device. A measurement, not a conformance verdict: a binding may be much faster or slower and conform.
/// </summary>
public static class TrainingTimeCost
{
    public const string Suite = "time-cost";

    private const string Mode = "training";

    /// <param name="defaults">The default binding of each framework in the design, whether or not it trained.</param>
    /// <param name="whyUntrained">Why a binding has no runs on a device (unavailable, skipped or failed training).</param>
    public static IReadOnlyList<CellResult> Compare(string model, IReadOnlyList<TrainedModel> trained,
        IReadOnlyDictionary<string, BindingDescriptor> defaults, Func<string, string, string> whyUntrained, double alpha)
    {
        var cells = new List<CellResult>();
        var families = trained.Where(t => !t.Oracle.Binding.IsDefault).GroupBy(t => (t.Oracle.Binding.Framework, t.Device));
        foreach (var family in families)
        {
            var (framework, device) = family.Key;
            var reference = trained.FirstOrDefault(t => t.Oracle.Binding.IsDefault && t.Oracle.Binding.Framework == framework && t.Device == device);
            var tested = new List<(TrainedModel Binding, MannWhitneyResult Test)>();
            foreach (var binding in family)
            {
                var skip = reference is null
                    ? NoReference(framework, device, defaults, whyUntrained)
                    : binding.Runs.Count < 2 || reference.Runs.Count < 2
                        ? $"a rank test needs at least 2 seeds per binding, this run has {binding.Runs.Count} " +
                          $"({binding.Oracle.Binding.Id}) and {reference.Runs.Count} ({reference.Oracle.Binding.Id}); run with --seeds 5 as the study did"
                        : null;
                if (skip is not null)
                    cells.Add(new CellResult(Suite, model, binding.Oracle.Binding.Id, device, Mode, CellOutcome.Skipped, skip, []));
                else
                    tested.Add((binding, MannWhitneyU.Test(Seconds(reference!), Seconds(binding))));
            }
            if (tested.Count == 0) continue;

            var corrected = Bonferroni.Adjust(tested.Select(t => t.Test.PValue).ToArray(), alpha);
            cells.AddRange(tested.Select((t, i) => Measured(model, t.Binding, reference!, t.Test, corrected, i)));
        }
        return cells;
    }

    private static string NoReference(string framework, string device, IReadOnlyDictionary<string, BindingDescriptor> defaults,
        Func<string, string, string> whyUntrained) =>
        defaults.TryGetValue(framework, out var binding)
            ? $"{binding.Id}, the default {framework} binding, has no training times on {device} to compare with: {whyUntrained(binding.Id, device)}"
            : $"the design has no default {framework} binding to compare training times with";

    private static CellResult Measured(string model, TrainedModel binding, TrainedModel reference, MannWhitneyResult test,
        AdjustedPValues corrected, int index)
    {
        var (times, referenceTimes) = (Seconds(binding), Seconds(reference));
        var delta = CliffsDelta.Compute(referenceTimes, times);
        var metrics = new JsonObject
        {
            ["reference"] = reference.Oracle.Binding.Id,
            ["seeds"] = times.Length,
            ["reference_seeds"] = referenceTimes.Length,
            ["training_seconds_median"] = Median.Of(times),
            ["reference_training_seconds_median"] = Median.Of(referenceTimes),
            // Above 1: this binding trains faster than the default one.
            ["speedup_median"] = Median.Of(referenceTimes) / Median.Of(times),
            // Positive: the default binding's times tend to be larger, i.e. this binding tends to be faster.
            ["cliffs_delta"] = delta.Delta,
            ["cliffs_delta_magnitude"] = delta.Magnitude.ToString().ToLowerInvariant(),
            ["mwu_u"] = test.U,
            ["mwu_p"] = test.PValue,
            ["mwu_p_bonferroni"] = corrected.Adjusted[index],
            ["family_size"] = corrected.Adjusted.Count,
            ["significant"] = corrected.Reject[index],
        };
        return new CellResult(Suite, model, binding.Oracle.Binding.Id, binding.Device, Mode, CellOutcome.Passed, null, metrics);
    }

    private static double[] Seconds(TrainedModel trained) => trained.Runs.Select(r => r.TrainingSeconds).ToArray();
}
