using System.Text;
using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Reports;
using BindingConformance.Verdicts;

namespace BindingConformance.History;

/// <summary>
/// What changed between two runs (a binding release against the last one): cells matched by their typed key
/// (<see cref="CellKey"/>), each compared by what it found: its outcome, every rule's verdict and value, the binding blamed,
/// a probe's behaviour, a time cell's finding (faster, same, slower: never the raw times, which differ on every run), where it
/// first diverged, and a skipped cell's reason (with each run's own folder named OUT: a path into it is no change). Also the
/// bindings whose version, or whose engine or its version, changed. A time cell's finding is a measurement and can flip between two runs of the same tree on a
/// busy machine; <see cref="Verdicts"/> keeps the verdict cells alone.
/// </summary>
public sealed record RunDiff(IReadOnlyList<CellChange> Changes, IReadOnlyList<string> Versions)
{
    public bool Changed => Changes.Count > 0;

    /// <exception cref="InvalidDataException">A report holds two cells with the same key.</exception>
    public static RunDiff Between(RunReport old, RunReport @new)
    {
        var (before, after) = (ByKey(old, "the older report"), ByKey(@new, "the newer report"));
        var changes = new List<CellChange>();
        foreach (var cell in old.Cells.Where(c => !after.ContainsKey(c.Key)))
            changes.Add(new CellChange(cell.Key, cell, null, [$"only in the older run ({Outcome(cell)})"]));
        foreach (var cell in @new.Cells)
        {
            if (!before.TryGetValue(cell.Key, out var previous))
                changes.Add(new CellChange(cell.Key, null, cell, [$"only in the newer run ({Outcome(cell)})"]));
            else if (Differences(previous, cell, old.OutputDirectory, @new.OutputDirectory) is { Count: > 0 } differences)
                changes.Add(new CellChange(cell.Key, previous, cell, differences));
        }
        return new RunDiff(changes, VersionChanges(old, @new));
    }

    /// <summary>The changes of verdict cells alone (<see cref="CellKind.CountsTowardsBadges"/>): what a release gate compares.</summary>
    public RunDiff Verdicts() => this with { Changes = Changes.Where(c => (c.New ?? c.Old)!.Kind.CountsTowardsBadges).ToArray() };

    /// <summary>One line per version change and per changed cell, for a terminal.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var version in Versions) text.AppendLine(version);
        foreach (var change in Changes) text.AppendLine($"{change.Change,-8} {change.Key.Name}: {string.Join("; ", change.Differences)}");
        text.AppendLine(Changed ? $"{Changes.Count} cell{(Changes.Count == 1 ? "" : "s")} changed" : "no cell changed");
        return text.ToString();
    }

    private static Dictionary<CellKey, CellResult> ByKey(RunReport report, string which)
    {
        var duplicate = report.Cells.GroupBy(c => c.Key).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? report.Cells.ToDictionary(c => c.Key)
            : throw new InvalidDataException($"{which} holds two cells {duplicate.Key.Name}");
    }

    private static List<string> Differences(CellResult old, CellResult @new, string? oldOutput, string? newOutput)
    {
        var differences = new List<string>();
        if (old.Outcome != @new.Outcome) differences.Add($"outcome {Outcome(old)} → {Outcome(@new)}");
        var (oldRules, newRules) = (Rules(old), Rules(@new));
        foreach (var rule in oldRules.Keys.Union(newRules.Keys))
        {
            var (was, now) = (oldRules.GetValueOrDefault(rule), newRules.GetValueOrDefault(rule));
            if (was is null) differences.Add($"rule {rule} now applies ({Held(now!)}, value {now!.Value})");
            else if (now is null) differences.Add($"rule {rule} no longer applies");
            else if (was.Passed != now.Passed) differences.Add($"rule {rule} {Held(was)} → {Held(now)} (value {was.Value} → {now.Value}, bound {now.Bound})");
            else if (was.Value != now.Value) differences.Add($"rule {rule} value {was.Value} → {now.Value}");
        }
        Compare(differences, "blame", old.Blame?.Binding, @new.Blame?.Binding);
        Compare(differences, "behaviour", Behaviour(old.Behaviour), Behaviour(@new.Behaviour));
        Compare(differences, "speed", old.Speed?.Verdict, @new.Speed?.Verdict);
        Compare(differences, "first divergence", old.FirstDivergence, @new.FirstDivergence);
        // A failure's note can name files of its own run; a skip's says why the cell could not run here.
        if (old.Outcome == CellOutcome.Skipped && @new.Outcome == CellOutcome.Skipped)
            Compare(differences, "why skipped", InRun(old.Note, oldOutput), InRun(@new.Note, newOutput));
        return differences;
    }

    /// <summary>A cell's rules by name; a rule applied more than once is numbered from its second application.</summary>
    private static Dictionary<string, RuleCheck> Rules(CellResult cell) =>
        cell.Checks.GroupBy(c => c.Rule).SelectMany(g => g.Select((c, i) => (Name: i == 0 ? g.Key : $"{g.Key} #{i + 1}", Check: c)))
            .ToDictionary(r => r.Name, r => r.Check);

    /// <summary><paramref name="note"/> with its run's folder named OUT, so two runs in two folders say the same.</summary>
    private static string? InRun(string? note, string? output) =>
        note is null || string.IsNullOrEmpty(output) ? note : note.Replace(output, "OUT", StringComparison.Ordinal);

    private static void Compare(List<string> differences, string what, string? old, string? @new)
    {
        if (old != @new) differences.Add($"{what} {old ?? "none"} → {@new ?? "none"}");
    }

    /// <summary>The bindings both runs probed whose version, or whose engine or engine version, changed.</summary>
    private static List<string> VersionChanges(RunReport old, RunReport @new)
    {
        static Dictionary<string, (string? Version, string? Engine)> Versions(RunReport r) =>
            r.Bindings.Where(b => b["id"] is JsonValue).GroupBy(b => b["id"]!.ToString())
                .ToDictionary(g => g.Key, g => (g.First()["version"]?.ToString(), Engine(g.First())));
        var (before, after) = (Versions(old), Versions(@new));
        var changes = new List<string>();
        foreach (var (id, now) in after)
        {
            if (!before.TryGetValue(id, out var was)) continue;
            if (was.Version != now.Version) changes.Add($"binding {id}: {was.Version ?? "unavailable"} → {now.Version ?? "unavailable"}");
            if (was.Engine != now.Engine) changes.Add($"binding {id} engine: {was.Engine ?? "not given"} → {now.Engine ?? "not given"}");
        }
        return changes;
    }

    /// <summary>A binding entry's engine and its version (<c>libtorch 2.10.0</c>), or null when the binding names none.</summary>
    private static string? Engine(JsonObject binding) =>
        binding["engine"] is JsonValue engine ? string.Join(" ", new[] { engine, binding["engine_version"] }.OfType<JsonNode>()) : null;

    private static string Outcome(CellResult cell) => cell.Outcome.ToString().ToLowerInvariant();

    private static string Held(RuleCheck check) => check.Passed ? "held" : "failed";

    private static string? Behaviour(ProbeBehaviour? b) => b is null ? null : $"{b.Behaviour}{(b.Silent ? " (silent)" : "")}";
}
