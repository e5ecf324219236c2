using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.IO;

namespace BindingConformance.Sensitivity;

/// <summary>Writes a <see cref="SensitivityReport"/> as <c>sensitivity.json</c> (snake case; rates null when there is nothing to rate), atomically.</summary>
public static class SensitivityJsonExporter
{
    public const string FileName = "sensitivity.json";

    public static string Write(SensitivityReport report, string directory)
    {
        var path = Path.Combine(directory, FileName);
        AtomicFile.WriteAllText(path, ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }

    public static JsonObject ToJson(SensitivityReport report) => new()
    {
        ["binding"] = report.Binding,
        ["matrix"] = Strings(report.Matrix),
        ["tier"] = report.Tier,
        ["models"] = Strings(report.Models),
        ["detection_rate"] = Rate(report.DetectionRate),
        ["false_alarm_rate"] = Rate(report.FalseAlarmRate),
        ["memoized_training"] = Strings(report.Memoized),
        ["memo_hits"] = report.MemoHits,
        ["elapsed_seconds"] = report.ElapsedSeconds,
        ["mutants"] = new JsonArray(report.MutantRuns.Select(Run).ToArray<JsonNode?>()),
        ["not_applicable"] = new JsonArray(report.NotApplicable.Select(m => (JsonNode?)new JsonObject { ["name"] = m.Name, ["bug"] = m.Bug, ["why"] = m.Why }).ToArray()),
        ["clean_runs"] = new JsonArray(report.CleanRuns.Select(Run).ToArray<JsonNode?>()),
    };

    private static JsonObject Run(SensitivityRun run) => new()
    {
        ["name"] = run.Name,
        ["bug"] = run.Bug,
        ["seeds"] = new JsonArray(run.Seeds.Select(s => (JsonNode?)s).ToArray()),
        ["detected"] = run.Detected,
        ["caught_by"] = Strings(run.CaughtBy),
        ["failed_cells"] = new JsonArray(run.FailedCells.Select(c => (JsonNode?)new JsonObject
        {
            ["name"] = c.Name,
            ["reason"] = c.Reason,
            ["rules"] = Strings(c.Rules),
            ["first_divergence"] = c.FirstDivergence,
        }).ToArray()),
        ["metrics"] = run.Metrics.DeepClone(),
        ["report_directory"] = run.ReportDirectory,
        ["elapsed_seconds"] = run.ElapsedSeconds,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());

    private static double? Rate(double rate) => double.IsNaN(rate) ? null : rate;
}
