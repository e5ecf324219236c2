using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BindingConformance.Sensitivity;

/// <summary>The plain-text table of a <see cref="SensitivityReport"/>: one row per run, its failed cells beneath it, then the rates.</summary>
public static class SensitivityTable
{
    private static readonly (string Header, string Key, string Format)[] Columns =
    [
        ("acc", "final_test_accuracy", "F4"), ("ref acc", "reference_final_test_accuracy", "F4"),
        ("dtw", "dtw_max_normalized", "F4"), ("loss Δrel", "trajectory_max_relative_loss_difference", "0.0e+0"), ("mwu p", "mwu_p", "F4"), ("max|Δlogit|", "max_abs_logit_difference", "0.0e+0"),
        ("unstable", "unstable_cells", "F0"),
    ];

    public static string Format(SensitivityReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"sensitivity of {report.Binding} ({report.Tier} tier; models {string.Join(", ", report.Models)}; matrix {string.Join(", ", report.Matrix)})");
        var width = Math.Max(28, report.MutantRuns.Concat(report.CleanRuns).Select(r => r.Name.Length + 2).DefaultIfEmpty(0).Max());
        text.AppendLine(Row("run".PadRight(width), "detected", "failed", Columns.Select(c => c.Header)));
        foreach (var run in report.MutantRuns.Concat(report.CleanRuns))
        {
            text.AppendLine(Row(run.Name.PadRight(width), run.Detected ? "yes" : "no", run.FailedCells.Count.ToString(CultureInfo.InvariantCulture),
                Columns.Select(c => Value(run.Metrics, c.Key, c.Format))));
            if (run.Detected) text.AppendLine(CultureInfo.InvariantCulture, $"    caught by: {string.Join(", ", run.CaughtBy)}");
            foreach (var cell in run.FailedCells)
                text.AppendLine(CultureInfo.InvariantCulture, $"    FAIL {cell.Name}: {cell.Reason}{(cell.FirstDivergence is { } at ? $" [first diverges at {at}]" : "")}");
        }
        foreach (var mutant in report.NotApplicable) text.AppendLine(CultureInfo.InvariantCulture, $"{mutant.Name.PadRight(width)} not applicable: {mutant.Why}");
        var notCounted = report.NotApplicable.Count == 0 ? "" : $" ({report.NotApplicable.Count} not applicable to these models, not counted)";
        text.AppendLine(CultureInfo.InvariantCulture, $"detection rate: {Rate(report.MutantRuns, report.DetectionRate)} of mutants caught{notCounted}");
        text.AppendLine(CultureInfo.InvariantCulture, $"false-alarm rate: {Rate(report.CleanRuns, report.FalseAlarmRate)} of clean runs had a failed cell");
        text.AppendLine(report.Memoized.Count == 0
            ? "every run trained every binding fresh"
            : $"mutant runs reused the training of {string.Join(", ", report.Memoized)} from earlier runs of the same request ({report.MemoHits} memoised trainings); clean runs trained everything fresh");
        return text.ToString();
    }

    private static string Row(string name, string detected, string failed, IEnumerable<string> values) =>
        $"{name} {detected,-8} {failed,6} {string.Join(" ", values.Select(v => v.PadLeft(11)))}";

    private static string Value(JsonObject metrics, string key, string format) =>
        metrics[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture).ToString(format, CultureInfo.InvariantCulture)
            : "-";

    private static string Rate(IReadOnlyList<SensitivityRun> runs, double rate) =>
        runs.Count == 0 ? "n/a (none run)" : $"{runs.Count(r => r.Detected)}/{runs.Count} ({rate.ToString("P0", CultureInfo.InvariantCulture)})";
}
