using System.Globalization;
using BindingConformance.Reports;

namespace BindingConformance.Replication;

/// <summary>Writes the replication rows as one Markdown table; "—" marks a figure that is not applicable.</summary>
public static class ReplicationMarkdownExporter
{
    private static readonly string[] Header =
    [
        "Framework", "Model", "Binding", "Train median py (s)", "Train median (s)", "MWU p", "p (Bonferroni)",
        "Cliff's d", "Magnitude", "max DTW/n", "max FastDTW/n", "Test acc py", "Test acc", "Same as original", "Stable",
    ];

    public static void Export(IReadOnlyList<ReplicationRow> rows, TextWriter writer)
    {
        writer.WriteLine("| " + string.Join(" | ", Header) + " |");
        writer.WriteLine("|" + string.Concat(Header.Select(_ => "---|")));
        foreach (var row in rows)
        {
            string[] cells =
            [
                // Folder names of the results being analysed: text from outside, like any report's.
                MarkdownText.Escape(row.Framework), MarkdownText.Escape(row.Model), MarkdownText.Escape(row.Binding),
                Format(row.TrainTimeMedianDefault, "F1"), Format(row.TrainTimeMedian, "F1"),
                Format(row.MannWhitneyP, "G4"), Format(row.MannWhitneyPAdjusted, "G4"),
                Format(row.CliffsDelta, "F3"), row.Magnitude?.ToString().ToLowerInvariant() ?? "—",
                Format(row.DtwMaxNormalized, "F4"), Format(row.FastDtwMaxNormalized, "F4"),
                Format(row.TestAccuracyMeanDefault, "F4"), Format(row.TestAccuracyMean, "F4"),
                Format(row.InferenceSameFraction, "P0"), Format(row.InferenceStableFraction, "P0"),
            ];
            writer.WriteLine("| " + string.Join(" | ", cells) + " |");
        }
    }

    private static string Format(double? value, string format) =>
        value?.ToString(format, CultureInfo.InvariantCulture) ?? "—";
}
