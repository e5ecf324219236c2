using BindingConformance.Statistics;
using BindingConformance.Verdicts;

namespace BindingConformance.Snapshots;

/// <summary>How far a received record may stray from the approved one, field by field.</summary>
/// <param name="Verdicts">Curves (DTW bound) and final accuracies (two-sided Mann-Whitney U at alpha) are judged by the verdict rules.</param>
/// <param name="SlowestTimeEffect">Training times slower than approved beyond this Cliff's delta magnitude are noted (never a difference: tests do not time).</param>
public sealed record SnapshotRules(VerdictRules Verdicts, EffectMagnitude SlowestTimeEffect = EffectMagnitude.Small)
{
    public static SnapshotRules Default { get; } = new(VerdictRules.Default);
}
