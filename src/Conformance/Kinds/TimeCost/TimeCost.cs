using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Statistics;
using BindingConformance.Verdicts;

namespace BindingConformance.Kinds.TimeCost;

/// <summary>
/// The study's time-cost question for one model: each non-default binding's times (training or inference)
/// against its own framework's default binding on the same device, as a median speed-up, Cliff's delta with
/// its magnitude, and a two-sided Mann-Whitney U test, Bonferroni-corrected over the comparisons of one
/// framework × model × device. A measurement, not a conformance verdict: a binding may be much faster or
/// slower and conform.
/// </summary>
public static class TimeCost
{
    /// <param name="defaults">The default binding of each framework in the design, whether or not it ran.</param>
    /// <param name="whyUntimed">Why a binding has no times on a device (unavailable, skipped or failed).</param>
    public static IReadOnlyList<CellResult> Compare(string model, TimeCostKind kind, IReadOnlyList<TimedBinding> timed,
        IReadOnlyDictionary<string, BindingDescriptor> defaults, Func<string, string, string> whyUntimed, double alpha)
    {
        var cells = new List<CellResult>();
        foreach (var family in timed.Where(t => !t.Binding.IsDefault).GroupBy(t => (t.Binding.Framework, t.Device)))
        {
            var (framework, device) = family.Key;
            var reference = timed.FirstOrDefault(t => t.Binding.IsDefault && t.Binding.Framework == framework && t.Device == device);
            var tested = new List<(TimedBinding Binding, MannWhitneyResult Test)>();
            foreach (var binding in family)
            {
                var skip = reference is null
                    ? NoReference(framework, device, kind, defaults, whyUntimed)
                    : binding.Seconds.Count < 2 || reference.Seconds.Count < 2
                        ? $"a rank test needs at least 2 {kind.Samples} per binding, this run has {binding.Seconds.Count} " +
                          $"({binding.Binding.Id}) and {reference.Seconds.Count} ({reference.Binding.Id}); {kind.MoreSamples}"
                        : null;
                if (skip is not null)
                    cells.Add(CellResult.Skipped(new CellKey(kind, model, binding.Binding.Id, device), skip));
                else
                    tested.Add((binding, MannWhitneyU.Test(reference!.Seconds, binding.Seconds)));
            }
            if (tested.Count == 0) continue;

            var corrected = Bonferroni.Adjust(tested.Select(t => t.Test.PValue).ToArray(), alpha);
            cells.AddRange(tested.Select((t, i) => Measured(model, kind, t.Binding, reference!, t.Test, corrected, i)));
        }
        return cells;
    }

    private static string NoReference(string framework, string device, TimeCostKind kind,
        IReadOnlyDictionary<string, BindingDescriptor> defaults, Func<string, string, string> whyUntimed) =>
        defaults.TryGetValue(framework, out var binding)
            ? $"{binding.Id}, the default {framework} binding, has no {kind.Quantity} on {device} to compare with: {whyUntimed(binding.Id, device)}"
            : $"the design has no default {framework} binding to compare {kind.Quantity} with";

    private static CellResult Measured(string model, TimeCostKind kind, TimedBinding binding, TimedBinding reference,
        MannWhitneyResult test, AdjustedPValues corrected, int index)
    {
        var delta = SpeedEffect.Of(reference.Seconds, binding.Seconds);
        var (median, referenceMedian) = (Median.Of(binding.Seconds), Median.Of(reference.Seconds));
        var metrics = new JsonObject
        {
            ["samples"] = binding.Seconds.Count,
            ["reference_samples"] = reference.Seconds.Count,
            ["seconds_median"] = median,
            ["reference_seconds_median"] = referenceMedian,
            // Above 1: this binding is faster than the default one.
            [TimeSamples.SpeedupName] = referenceMedian / median,
            // Positive: the default binding's times tend to be larger, i.e. this binding tends to be faster.
            [TimeSamples.CliffsDeltaName] = delta.Delta,
            [TimeSamples.MagnitudeName] = delta.Magnitude.ToString().ToLowerInvariant(),
            ["mwu_u"] = test.U,
            ["mwu_p"] = test.PValue,
            [TimeSamples.CorrectedPName] = corrected.Adjusted[index],
            ["family_size"] = corrected.Adjusted.Count,
            ["significant"] = corrected.Reject[index],
            // The samples themselves, for plots and for comparing runs.
            [TimeSamples.SecondsName] = new JsonArray(binding.Seconds.Select(s => (JsonNode)s).ToArray()),
            [TimeSamples.ReferenceSecondsName] = new JsonArray(reference.Seconds.Select(s => (JsonNode)s).ToArray()),
        };
        // Faster or slower only where the corrected test says so; the ratio is time over the reference's, as a graph mode's is over eager's.
        var verdict = !corrected.Reject[index] ? SpeedFinding.Same : median < referenceMedian ? SpeedFinding.Faster : SpeedFinding.Slower;
        return CellResult.Measured(new CellKey(kind, model, binding.Binding.Id, binding.Device), new CellMetrics(metrics), null) with
        {
            Reference = reference.Binding.Id,
            Speed = new SpeedFinding(verdict, median / referenceMedian),
            FromCache = binding.Recalled && reference.Recalled,
        };
    }
}
