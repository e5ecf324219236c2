using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.Reports;

namespace BindingConformance.Shards;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> of a plan (<c>conformance run --shard i/n</c>). A plan is cut by
/// subject, never inside one: a model's trainings stay with every cell that loads their files and with its time-cost
/// family, and a probe's runs in every binding and mode stay with its conformance cells. The subjects, the plan's models
/// in order and then its probes in order, are dealt round-robin: subject k (from 0) goes to shard k mod n + 1. The same
/// plan and n always give the same cut; the hybridization time families, which span every probe, are judged again over
/// the whole when the shards are merged (<see cref="ShardMerge"/>).
/// </summary>
/// <param name="PlanModels">The whole plan's models, in order.</param>
/// <param name="PlanProbes">The whole plan's hazard probes, in order.</param>
public sealed record RunShard(int Index, int Count, IReadOnlyList<string> PlanModels, IReadOnlyList<string> PlanProbes)
{
    /// <summary>This shard's models, in plan order.</summary>
    public IReadOnlyList<string> Models => PlanModels.Where((_, k) => k % Count == Index - 1).ToArray();

    /// <summary>This shard's probes, in plan order.</summary>
    public IReadOnlyList<string> Probes => PlanProbes.Where((_, k) => (PlanModels.Count + k) % Count == Index - 1).ToArray();

    /// <summary><c>2/3</c>.</summary>
    public string Text => $"{Index}/{Count}";

    public JsonObject ToJson() => new()
    {
        ["index"] = Index,
        ["count"] = Count,
        ["plan_models"] = new JsonArray(PlanModels.Select(m => (JsonNode)m).ToArray()),
        ["plan_probes"] = new JsonArray(PlanProbes.Select(p => (JsonNode)p).ToArray()),
    };

    /// <exception cref="InvalidDataException">A field is missing or of the wrong kind, or the index is out of range.</exception>
    public static RunShard FromJson(JsonObject json)
    {
        var o = new JsonFields(json, "shard");
        var (index, count) = ((int)o.Number("index"), (int)o.Number("count"));
        if (count < 1 || index < 1 || index > count) throw new InvalidDataException($"shard {index}/{count} is not a shard");
        return new RunShard(index, count, Names(json, "plan_models"), Names(json, "plan_probes"));
    }

    private static string[] Names(JsonObject json, string key) =>
        json[key] is JsonArray names && names.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            ? names.Select(n => n!.GetValue<string>()).ToArray()
            : throw new InvalidDataException($"shard '{key}' is not a list of names");

    /// <summary>The shard <paramref name="text"/> (<c>i/n</c>, 1 ≤ i ≤ n) of the plan of <paramref name="models"/> and <paramref name="probes"/>.</summary>
    /// <exception cref="ArgumentException">Not <c>i/n</c>, i out of range, or more shards than subjects (a shard would run nothing).</exception>
    public static RunShard Parse(string text, IReadOnlyList<string> models, IReadOnlyList<string> probes)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || index < 1 || index > count)
            throw new ArgumentException($"--shard must be i/n with 1 ≤ i ≤ n, e.g. 2/3 (got '{text}')");
        var subjects = models.Count + probes.Count;
        if (count > subjects)
            throw new ArgumentException($"--shard {text}: the plan has {subjects} subjects ({models.Count} models, {probes.Count} probes) to deal to {count} shards; use at most {subjects}");
        return new RunShard(index, count, models.ToArray(), probes.ToArray());
    }
}
