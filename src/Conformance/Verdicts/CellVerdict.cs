using System.Text.Json.Nodes;

namespace BindingConformance.Verdicts;

/// <summary>
/// The rules applied to one cell and what it measured. The cell passes when every rule held; its reason names
/// each rule that did not, with the value and the bound.
/// </summary>
public sealed class CellVerdict
{
    private readonly List<RuleCheck> checks = [];

    public CellVerdict(JsonObject? metrics = null) => Metrics = metrics ?? [];

    public JsonObject Metrics { get; }

    public IReadOnlyList<RuleCheck> Checks => checks;

    public IEnumerable<RuleCheck> Failures => checks.Where(c => !c.Passed);

    public bool Passed => checks.All(c => c.Passed);

    public void Add(RuleCheck check) => checks.Add(check);

    /// <summary>Failed rules joined into one line, or null when every rule held.</summary>
    public string? Reason => Passed ? null : string.Join("; ", Failures.Select(f => f.Message));
}
