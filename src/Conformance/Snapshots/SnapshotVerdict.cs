namespace BindingConformance.Snapshots;

/// <summary>Whether a received record matched its approved snapshot, and the Verify-style message when it did not.</summary>
public sealed record SnapshotVerdict(bool Matched, string Message);
