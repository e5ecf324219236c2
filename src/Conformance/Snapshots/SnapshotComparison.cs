namespace BindingConformance.Snapshots;

/// <summary>
/// The outcome of comparing a received record with the approved one. <see cref="Differences"/> fail the
/// cell; <see cref="Notes"/> (a changed environment, times not compared) are reported alongside.
/// </summary>
public sealed record SnapshotComparison(IReadOnlyList<string> Differences, IReadOnlyList<string> Notes)
{
    public bool IsMatch => Differences.Count == 0;
}
