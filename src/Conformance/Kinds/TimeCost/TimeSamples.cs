using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Reports;

namespace BindingConformance.Kinds.TimeCost;

/// <summary>
/// The times a time-cost cell compared and what it found, as its metrics hold them (<see cref="TimeCost"/> writes them
/// under these names, a report reads them back here): the binding's and its reference's samples, the median speed-up,
/// Cliff's delta and the Bonferroni-corrected p-value.
/// </summary>
public sealed record TimeSamples(IReadOnlyList<double> Seconds, IReadOnlyList<double> ReferenceSeconds, double? Speedup, double? CliffsDelta,
    string? Magnitude, double? CorrectedP)
{
    public const string SecondsName = "seconds", ReferenceSecondsName = "reference_seconds", SpeedupName = "speedup_median",
        CliffsDeltaName = "cliffs_delta", MagnitudeName = "cliffs_delta_magnitude", CorrectedPName = "mwu_p_bonferroni";

    /// <summary>The samples of a measured time-cost cell; null when it has none (a skipped cell, a report of an older release).</summary>
    public static TimeSamples? Of(CellResult cell)
    {
        var (seconds, reference) = (Numbers(cell.Metrics[SecondsName]), Numbers(cell.Metrics[ReferenceSecondsName]));
        if (seconds.Count == 0 || reference.Count == 0) return null;
        return new TimeSamples(seconds, reference, Number(cell.Metrics[SpeedupName]), Number(cell.Metrics[CliffsDeltaName]),
            cell.Metrics[MagnitudeName] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : null,
            Number(cell.Metrics[CorrectedPName]));
    }

    private static double? Number(JsonNode? node) => JsonFields.NumberOf(node);

    private static IReadOnlyList<double> Numbers(JsonNode? node) =>
        node is JsonArray values ? values.Select(Number).OfType<double>().ToArray() : [];
}
