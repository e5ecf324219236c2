using BindingConformance.Statistics;
using BindingConformance.Verdicts;

namespace BindingConformance.Snapshots;

/// <summary>How far a received record may stray from the approved one, field by field.</summary>
/// <param name="Verdicts">Curves (DTW bound) and final accuracies (two-sided Mann-Whitney U at alpha) are judged by the verdict rules.</param>
/// <param name="SlowestTimeEffect">Training times may be slower than approved by at most this Cliff's delta magnitude.</param>
public sealed record SnapshotRules(VerdictRules Verdicts, EffectMagnitude SlowestTimeEffect = EffectMagnitude.Small)
{
    public static SnapshotRules Default { get; } = new(VerdictRules.Default);
}
