using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.Shards;
using BindingConformance.TimeAccounting;

namespace BindingConformance.Reports;

/// <summary>
/// Reads a <c>report.json</c> written by <see cref="JsonReportExporter"/> back into the report model. A report of another
/// schema version (an older release's has none) is refused in one line that says what to do.
/// </summary>
public static class RunReportReader
{
    /// <exception cref="InvalidDataException">The file is not JSON, not a report, of another schema version, or has a malformed field.</exception>
    public static RunReport Read(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject report) throw new InvalidDataException($"{path}: expected a JSON object");
        try
        {
            var o = new JsonFields(report, "report");
            var version = report["schema_version"] is null ? (double?)null : o.Number("schema_version");
            if (version != JsonReportExporter.SchemaVersion)
                throw new InvalidDataException(version is null
                    ? $"it has no schema_version: an older release wrote it; run conformance run again to get a schema {JsonReportExporter.SchemaVersion} report"
                    : $"it has schema_version {version}; this release reads schema {JsonReportExporter.SchemaVersion} (docs/report.schema.json)");
            if (!DateTimeOffset.TryParse(o.Text("started_at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var startedAt))
                throw new InvalidDataException("report 'started_at' is not a date and time");
            return new RunReport(
                o.Text("tier"),
                startedAt,
                o.Number("elapsed_seconds"),
                o.OptionalObject("environment")?.DeepClone().AsObject() ?? [],
                report["bindings"] is null ? [] : o.Objects("bindings").Select(b => b.DeepClone().AsObject()).ToArray(),
                // A report without its cells would render as a clean "0 passed": it is malformed, not empty.
                o.Objects("cells").Select(CellResultJson.Read).ToArray())
            {
                Complete = o.Bool("complete"),
                OutputDirectory = o.OptionalText("output_directory"),
                Shard = o.OptionalObject("shard") is { } shard ? RunShard.FromJson(shard) : null,
                Time = o.OptionalObject("time") is { } time ? TimeAccount.FromJson(time) : null,
            };
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} is not a conformance report this release reads: {e.Message}", e);
        }
    }
}
