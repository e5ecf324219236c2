using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.Cells;

namespace BindingConformance.Reports;

/// <summary>
/// <c>report.json</c>, schema <see cref="SchemaVersion"/> (docs/report.schema.json): whether the run completed, counts by
/// outcome (and of verdict cells alone), the environment, the bindings, one entry per cell (<see cref="CellResultJson"/>),
/// and the hybridization summary.
/// </summary>
public sealed class JsonReportExporter : IReportExporter
{
    /// <summary>The version of report.json this release writes and reads; a change that breaks readers raises it.</summary>
    public const int SchemaVersion = 2;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string FileName => "report.json";

    public string Export(RunReport report)
    {
        var verdicts = report.Cells.Where(c => c.Kind.CountsTowardsBadges).ToArray();
        var root = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["complete"] = report.Complete,
            ["tier"] = report.Tier,
            ["started_at"] = report.StartedAt.ToString("O"),
            ["elapsed_seconds"] = Math.Round(report.ElapsedSeconds, 1),
            ["summary"] = new JsonObject
            {
                ["passed"] = report.Count(CellOutcome.Passed),
                ["failed"] = report.Count(CellOutcome.Failed),
                ["skipped"] = report.Count(CellOutcome.Skipped),
                // Measurements always pass; a badge counts these.
                ["verdict_cells"] = new JsonObject
                {
                    ["passed"] = verdicts.Count(c => c.Outcome == CellOutcome.Passed),
                    ["failed"] = verdicts.Count(c => c.Outcome == CellOutcome.Failed),
                    ["skipped"] = verdicts.Count(c => c.Outcome == CellOutcome.Skipped),
                },
            },
            ["environment"] = report.Environment.DeepClone(),
            ["bindings"] = new JsonArray(report.Bindings.Select(b => (JsonNode)b.DeepClone()).ToArray()),
            ["cells"] = new JsonArray(report.Cells.Select(c => (JsonNode)CellResultJson.Write(c)).ToArray()),
        };
        if (report.OutputDirectory is { } output) root["output_directory"] = output;
        if (report.Shard is { } shard) root["shard"] = shard.ToJson();
        if (report.Time is { } time) root["time"] = time.ToJson();
        var hybridization = HybridizationSummary.Of(report.Cells);
        if (hybridization.Rows.Count > 0) root["hybridization"] = hybridization.ToJson();
        return root.ToJsonString(Options) + "\n";
    }
}
