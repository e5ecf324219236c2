using BindingConformance.Statistics;

namespace BindingConformance.Snapshots;

/// <summary>How far a received record may stray from the approved one, field by field.</summary>
/// <param name="CurveDtwBound">Max over seed pairs of DTW / epochs between received and approved curves.</param>
/// <param name="Alpha">Final accuracies must not differ significantly (two-sided Mann-Whitney U).</param>
/// <param name="SlowestTimeEffect">Training times may be slower than approved by at most this Cliff's delta magnitude.</param>
public sealed record SnapshotRules(double CurveDtwBound = 0.02, double Alpha = 0.05, EffectMagnitude SlowestTimeEffect = EffectMagnitude.Small)
{
    public static SnapshotRules Default { get; } = new();
}
