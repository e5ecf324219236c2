using BindingConformance.Cells;

namespace BindingConformance.History;

/// <summary>One cell that differs between two runs: added, removed, or changed in what it found, each difference in words.</summary>
/// <param name="Old">The cell in the older run; null when it is new.</param>
/// <param name="New">The cell in the newer run; null when it is gone.</param>
public sealed record CellChange(CellKey Key, CellResult? Old, CellResult? New, IReadOnlyList<string> Differences)
{
    public string Change => Old is null ? "added" : New is null ? "removed" : "changed";
}
