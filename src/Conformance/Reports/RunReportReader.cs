using System.Text.Json;
using System.Text.Json.Nodes;

namespace BindingConformance.Reports;

/// <summary>Reads a <c>report.json</c> written by <see cref="JsonReportExporter"/> back into the report model.</summary>
public static class RunReportReader
{
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
            return new RunReport(
                Required<string>(report, "tier"),
                DateTimeOffset.Parse(Required<string>(report, "started_at"), System.Globalization.CultureInfo.InvariantCulture),
                Required<double>(report, "elapsed_seconds"),
                report["environment"]?.AsObject().DeepClone().AsObject() ?? [],
                report["bindings"] is null ? [] : Objects(report["bindings"], "binding").Select(b => b.DeepClone().AsObject()).ToArray(),
                // A report without its cells would render as a clean "0 passed": it is malformed, not empty.
                Objects(report["cells"], "cell").Select(ReadCell).ToArray());
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException)
        {
            throw new InvalidDataException($"{path} is not a conformance report: {e.Message}", e);
        }
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? array, string item) =>
        array is JsonArray items
            ? items.Select((node, i) => node as JsonObject ?? throw new FormatException($"{item} {i} is {Describe(node)}, not an object"))
            : throw new FormatException($"'{item}s' is {Describe(array)}, not an array");

    private static string Describe(JsonNode? node) => node is null ? "missing or null" : node.GetValueKind().ToString().ToLowerInvariant();

    private static CellResult ReadCell(JsonObject cell) => new(
        Required<string>(cell, "suite"),
        Required<string>(cell, "model"),
        Required<string>(cell, "binding"),
        Required<string>(cell, "device"),
        Required<string>(cell, "mode"),
        Enum.Parse<CellOutcome>(Required<string>(cell, "outcome"), ignoreCase: true),
        cell["reason"]?.GetValue<string>(),
        cell["metrics"]?.DeepClone().AsObject() ?? []);

    private static T Required<T>(JsonObject o, string key) =>
        o[key] is { } value ? value.GetValue<T>() : throw new KeyNotFoundException($"missing '{key}'");
}
