namespace BindingConformance.Cells;

/// <summary>The binding a failed load cell blames, and why (docs/verdicts.md, "Blame").</summary>
public sealed record Blame(string Binding, string Why)
{
    /// <summary><c>blame: torchsharp (it does not reproduce its own trained model either)</c>.</summary>
    public string Text => $"blame: {Binding} ({Why})";
}
