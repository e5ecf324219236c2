using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BindingConformance.Reports;

namespace BindingConformance.TimeAccounting;

/// <summary>
/// Where a run's wall time went: each binding's own compute (the wall time inside its calls, by <see cref="ComputeUse"/>)
/// and the harness's share, the rest (planning, data, judging, bundles, reports). Calls run one at a time, so the parts add up.
/// </summary>
public sealed record TimeAccount(double WallSeconds, IReadOnlyList<BindingCompute> Bindings)
{
    public double BindingSeconds => Bindings.Sum(b => b.TotalSeconds);

    /// <summary>The harness's share of the wall time; never negative (a merged account sums shards that ran side by side).</summary>
    public double HarnessSeconds => Math.Max(0, WallSeconds - BindingSeconds);

    public double HarnessShare => WallSeconds > 0 ? HarnessSeconds / WallSeconds : 0;

    /// <summary>The account of a run so far, from its ledger.</summary>
    public static TimeAccount Of(ComputeLedger ledger, IEnumerable<string> bindings, double wallSeconds) =>
        new(wallSeconds, bindings.Select(id => new BindingCompute(id, Enum.GetValues<ComputeUse>().ToDictionary(u => u, u => ledger.Of(id, u)))).ToArray());

    /// <summary>Accounts of runs added together (shards): wall times and each binding's compute summed.</summary>
    public static TimeAccount Sum(IEnumerable<TimeAccount> accounts)
    {
        var all = accounts.ToArray();
        var bindings = all.SelectMany(a => a.Bindings).GroupBy(b => b.Binding)
            .Select(g => new BindingCompute(g.Key, Enum.GetValues<ComputeUse>().ToDictionary(u => u, u => g.Sum(b => b.Seconds.GetValueOrDefault(u)))))
            .ToArray();
        return new TimeAccount(all.Sum(a => a.WallSeconds), bindings);
    }

    /// <summary>The report.md section: a row per binding with compute, and the harness's row.</summary>
    public void AppendMarkdown(StringBuilder md)
    {
        string S(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture);
        string Share(double part) => WallSeconds > 0 ? (100 * part / WallSeconds).ToString("0.0", CultureInfo.InvariantCulture) : "-";
        var uses = Enum.GetValues<ComputeUse>();
        md.AppendLine("## Where the time goes");
        md.AppendLine();
        md.AppendLine($"Wall time {S(WallSeconds)} s: the bindings' own compute (wall time inside their calls) {S(BindingSeconds)} s, " +
                      $"the harness (planning, data, judging, bundles, reports) {S(HarnessSeconds)} s ({Share(HarnessSeconds)} %).");
        md.AppendLine();
        md.AppendLine($"| | {string.Join(" | ", uses.Select(u => $"{u.ToString().ToLowerInvariant()} (s)"))} | total (s) | share of wall time (%) |");
        md.AppendLine($"|{string.Concat(Enumerable.Repeat("---|", uses.Length + 3))}");
        foreach (var b in Bindings.Where(b => b.TotalSeconds > 0))
            md.AppendLine($"| {MarkdownText.Escape(b.Binding)} | {string.Join(" | ", uses.Select(u => S(b.Seconds.GetValueOrDefault(u))))} | {S(b.TotalSeconds)} | {Share(b.TotalSeconds)} |");
        md.AppendLine($"| harness | {string.Join(" | ", uses.Select(_ => ""))} | {S(HarnessSeconds)} | {Share(HarnessSeconds)} |");
        md.AppendLine();
    }

    public JsonObject ToJson() => new()
    {
        ["wall_seconds"] = Math.Round(WallSeconds, 2),
        ["harness_seconds"] = Math.Round(HarnessSeconds, 2),
        ["bindings"] = new JsonArray(Bindings.Select(b => (JsonNode)b.ToJson()).ToArray()),
    };

    /// <exception cref="InvalidDataException">A field is missing or of the wrong kind.</exception>
    public static TimeAccount FromJson(JsonObject json)
    {
        var o = new JsonFields(json, "time account");
        return new TimeAccount(o.Number("wall_seconds"), o.Objects("bindings").Select(BindingCompute.FromJson).ToArray());
    }
}
