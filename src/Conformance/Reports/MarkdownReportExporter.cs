using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BindingConformance.Cells;

namespace BindingConformance.Reports;

/// <summary><c>report.md</c>: a summary, the bindings probed, and one section per cell kind with a row per cell.</summary>
public sealed class MarkdownReportExporter : IReportExporter
{
    public string FileName => "report.md";

    public string Export(RunReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Conformance report ({Escape(report.Tier)} tier){(report.Complete ? "" : " — INCOMPLETE")}");
        md.AppendLine();
        if (!report.Complete)
        {
            md.AppendLine("**This run did not finish** (it is still running, or it was interrupted): the cells below are those it recorded.");
            md.AppendLine();
        }
        if (report.Shard is { } shard)
        {
            md.AppendLine($"Shard {shard.Text} of a plan of models {Escape(string.Join(", ", shard.PlanModels))} and {shard.PlanProbes.Count} probes: " +
                          $"this shard ran models {Escape(shard.Models.Count == 0 ? "none" : string.Join(", ", shard.Models))} and probes {Escape(shard.Probes.Count == 0 ? "none" : string.Join(", ", shard.Probes))} " +
                          "(conformance merge joins the shards).");
            md.AppendLine();
        }
        var verdicts = report.Cells.Where(c => c.Kind.CountsTowardsBadges).ToArray();
        md.AppendLine($"{report.Count(CellOutcome.Passed)} passed, {report.Count(CellOutcome.Failed)} failed, " +
                      $"{report.Count(CellOutcome.Skipped)} skipped in {report.ElapsedSeconds:F0} s, started {report.StartedAt:u}. " +
                      $"Verdict cells (measurements never fail): {verdicts.Count(c => c.Outcome == CellOutcome.Passed)} passed, " +
                      $"{verdicts.Count(c => c.Outcome == CellOutcome.Failed)} failed." +
                      (report.Cells.Any(c => c.FromCache) ? $" {report.Cells.Count(c => c.FromCache)} cells came from the run cache (their trainings were kept from an earlier run; --no-cache trains everything)." : ""));
        md.AppendLine();
        report.Time?.AppendMarkdown(md);
        md.AppendLine("## Bindings");
        md.AppendLine();
        md.AppendLine("| binding | framework | language | available | version | engine | devices | reason |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var b in report.Bindings)
            md.AppendLine($"| {Escape(b["id"])} | {Escape(b["framework"])} | {Escape(b["language"])} | {((bool?)b["available"] == true ? "yes" : "no")} | " +
                          $"{Escape(b["version"])} | {Escape(string.Join(" ", new[] { b["engine"], b["engine_version"] }.OfType<JsonNode>()))} | {Escape(string.Join(", ", b["devices"]?.AsArray().Select(d => d?.ToString()) ?? []))} | {Escape(BindingNote(b))} |");

        foreach (var kind in report.Cells.Select(c => c.Kind).Distinct().OrderBy(k => k.Subject).ThenBy(k => k.Order))
        {
            var cells = report.Cells.Where(c => c.Kind == kind).ToArray();
            // The coordinates some cell of the kind has, in key order (subject, source, binding, device, mode, format, backend).
            var axes = cells.SelectMany(c => c.Key.Coordinates().Select(a => a.Axis)).Distinct().ToArray();
            // Only where the run cache answered some cell of the kind: a column of what was recalled rather than measured.
            var cached = cells.Any(c => c.FromCache);
            md.AppendLine();
            md.AppendLine($"## {Escape(kind.Section)}");
            md.AppendLine();
            md.AppendLine($"{Escape(kind.Summary)} ({(kind.Role == CellRole.Verdict ? "verdicts" : "measurements: never a failure")})");
            md.AppendLine();
            md.AppendLine($"| {string.Join(" | ", axes)} | outcome |{(cached ? " from cache |" : "")} metrics | reason |");
            md.AppendLine($"|{string.Concat(Enumerable.Repeat("---|", axes.Length + (cached ? 4 : 3)))}");
            foreach (var row in Rows(cells))
                md.AppendLine($"| {string.Join(" | ", axes.Select(a => Escape(row.Values.GetValueOrDefault(a, "-"))))} | {row.Outcome} | " +
                              $"{(cached ? (row.FromCache ? "yes | " : "| ") : "")}{Escape(row.Metrics)} | {Escape(row.Reason)} |");
        }
        HybridizationSummary.Of(report.Cells).AppendMarkdown(md);
        return md.ToString();
    }

    /// <summary>
    /// One row per cell, except that skipped cells differing only in subject or mode, skipped for the same reason (a device
    /// this machine lacks, for every probe in every mode) and alike in coming from the run cache or not, share one row with
    /// <c>*</c> where they differ; report.json keeps every cell.
    /// </summary>
    private static IEnumerable<(IReadOnlyDictionary<string, string> Values, string Outcome, bool FromCache, string Metrics, string? Reason)> Rows(IReadOnlyList<CellResult> cells)
    {
        var emitted = new HashSet<CellResult>();
        foreach (var cell in cells)
        {
            if (!emitted.Add(cell)) continue;
            var values = cell.Key.Coordinates().ToDictionary(a => a.Axis, a => a.Value);
            if (cell.Outcome != CellOutcome.Skipped)
            {
                yield return (values, $"{Badge(cell.Outcome)}{ReproLink(cell)}", cell.FromCache, Summarize(cell.Metrics), cell.Reason);
                continue;
            }
            var alike = cells.Where(c => c.Outcome == CellOutcome.Skipped && c.Reason == cell.Reason && c.FromCache == cell.FromCache
                                         && c.Key with { Subject = cell.Key.Subject, Mode = cell.Key.Mode } == cell.Key).ToArray();
            foreach (var other in alike) emitted.Add(other);
            var subject = cell.Key.Kind.Subject.ToString().ToLowerInvariant();
            if (alike.Select(c => c.Key.Subject).Distinct().Count() > 1) values[subject] = "*";
            if (alike.Select(c => c.Key.Mode).Distinct().Count() > 1) values["mode"] = "*";
            yield return (values, alike.Length == 1 ? Badge(CellOutcome.Skipped) : $"{Badge(CellOutcome.Skipped)} ×{alike.Length}", cell.FromCache, "", cell.Reason);
        }
    }

    private static string Badge(CellOutcome outcome) => outcome switch
    {
        CellOutcome.Passed => "passed",
        CellOutcome.Failed => "**FAILED**",
        _ => "skipped",
    };

    /// <summary>A failed cell's repro bundle (<c>repro/&lt;cell&gt;/</c>, docs/repro.md), linked to its draft issue.</summary>
    private static string ReproLink(CellResult cell) =>
        cell.Repro.Bundle is { } path ? $" ([repro]({Uri.EscapeDataString(path).Replace("%2F", "/")}/ISSUE.md))" : "";

    /// <summary>Scalars only; curves and per-pass arrays stay in report.json.</summary>
    private static string Summarize(CellMetrics metrics) =>
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
