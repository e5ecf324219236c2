using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace BindingConformance.Reports;

/// <summary><c>report.md</c>: a summary, the bindings probed, and one table row per cell grouped by suite.</summary>
public sealed class MarkdownReportExporter : IReportExporter
{
    public string FileName => "report.md";

    public string Export(RunReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Conformance report ({Escape(report.Tier)} tier)");
        md.AppendLine();
        md.AppendLine($"{report.Count(CellOutcome.Passed)} passed, {report.Count(CellOutcome.Failed)} failed, " +
                      $"{report.Count(CellOutcome.Skipped)} skipped in {report.ElapsedSeconds:F0} s, started {report.StartedAt:u}.");
        md.AppendLine();
        md.AppendLine("## Bindings");
        md.AppendLine();
        md.AppendLine("| binding | framework | language | available | version | devices | reason |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var b in report.Bindings)
            md.AppendLine($"| {Escape(b["id"])} | {Escape(b["framework"])} | {Escape(b["language"])} | {((bool?)b["available"] == true ? "yes" : "no")} | " +
                          $"{Escape(b["version"])} | {Escape(string.Join(", ", b["devices"]?.AsArray().Select(d => d?.ToString()) ?? []))} | {Escape(BindingNote(b))} |");

        foreach (var suite in report.Cells.GroupBy(c => c.Suite))
        {
            md.AppendLine();
            md.AppendLine($"## {Escape(suite.Key)}");
            md.AppendLine();
            md.AppendLine("| model | binding | device | mode | outcome | metrics | reason |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var c in suite)
                md.AppendLine($"| {Escape(c.Model)} | {Escape(c.Binding)} | {Escape(c.Device)} | {Escape(c.Mode)} | {Badge(c.Outcome)}{ReproLink(c)} | " +
                              $"{Escape(Summarize(c.Metrics))} | {Escape(c.Reason)} |");
        }
        HybridizationSummary.Of(report.Cells).AppendMarkdown(md);
        return md.ToString();
    }

    private static string Badge(CellOutcome outcome) => outcome switch
    {
        CellOutcome.Passed => "passed",
        CellOutcome.Failed => "**FAILED**",
        _ => "skipped",
    };

    /// <summary>A failed cell's repro bundle (<c>repro/&lt;cell&gt;/</c>, docs/repro.md), linked to its draft issue.</summary>
    private static string ReproLink(CellResult cell) =>
        cell.Metrics["repro"] is JsonValue path ? $" ([repro]({path}/ISSUE.md))" : "";

    /// <summary>Scalars only; curves and per-pass arrays stay in report.json.</summary>
    private static string Summarize(JsonObject metrics) =>
        string.Join(", ", metrics.Where(m => m.Value is JsonValue).Select(m => $"{m.Key}={Format(m.Value!)}"));

    private static string Format(JsonNode value) =>
        value.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture).ToString("G4", CultureInfo.InvariantCulture)
            : value.ToString();

    // An unavailable binding's reason, else why each absent device is absent (e.g. a CPU-only build).
    private static string? BindingNote(JsonObject binding) =>
        binding["reason"]?.ToString()
        ?? (binding["absent_devices"] is JsonObject absent && absent.Count > 0
            ? string.Join("; ", absent.Select(d => $"{d.Key}: {d.Value}"))
            : null);

    private static string Escape(JsonNode? value) => MarkdownText.Escape(value?.ToString());

    private static string Escape(string? text) => MarkdownText.Escape(text);
}
