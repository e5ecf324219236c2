using BindingConformance.Statistics;

namespace BindingConformance.Verdicts;

/// <summary>
/// The one sign convention for comparing times: Cliff's delta of the baseline's seconds against the candidate's,
/// positive when the candidate tends to be faster (the baseline's times tend to be larger), negative when slower.
/// </summary>
public static class SpeedEffect
{
    public static CliffsDeltaResult Of(IReadOnlyList<double> baselineSeconds, IReadOnlyList<double> candidateSeconds) =>
        CliffsDelta.Compute(baselineSeconds, candidateSeconds);

    /// <summary>True when the candidate is slower than the baseline by more than <paramref name="worstAllowed"/>.</summary>
    public static bool SlowerBeyond(CliffsDeltaResult effect, EffectMagnitude worstAllowed) =>
        effect.Delta < 0 && effect.Magnitude > worstAllowed;
}
