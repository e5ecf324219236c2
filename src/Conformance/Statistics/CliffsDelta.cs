namespace BindingConformance.Statistics;

/// <summary>
/// Cliff's delta d = P(x &gt; y) − P(x &lt; y) over all pairs, by sorting and binary search in
/// O((n + m) log(n + m)) rather than comparing every pair.
/// </summary>
public static class CliffsDelta
{
    /// <summary>Upper bounds of |d| for negligible, small and medium effects (Romano et al. 2006).</summary>
    public const double NegligibleBelow = 0.147, SmallBelow = 0.33, MediumBelow = 0.474;

    /// <summary>Cliff's delta of <paramref name="x"/> against <paramref name="y"/>; positive when x tends to be larger.</summary>
    /// <exception cref="ArgumentException">A sample is empty or holds NaN or an infinity.</exception>
    public static CliffsDeltaResult Compute(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var first = SampleValidation.NonEmptyFinite(x, nameof(x));
        var sorted = SampleValidation.NonEmptyFinite(y, nameof(y));
        Array.Sort(sorted);
        long dominance = 0;
        foreach (var value in first)
        {
            var below = LowerBound(sorted, value);
            var notAbove = UpperBound(sorted, value);
            dominance += below - (sorted.Length - notAbove);
        }
        var delta = dominance / ((double)first.Length * sorted.Length);
        return new CliffsDeltaResult(delta, MagnitudeOf(delta));
    }

    /// <summary>The magnitude label of a delta by the study's thresholds.</summary>
    public static EffectMagnitude MagnitudeOf(double delta)
    {
        var size = Math.Abs(delta);
        return size < NegligibleBelow ? EffectMagnitude.Negligible
            : size < SmallBelow ? EffectMagnitude.Small
            : size < MediumBelow ? EffectMagnitude.Medium
            : EffectMagnitude.Large;
    }

    /// <summary>Number of sorted values strictly below <paramref name="value"/>.</summary>
    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Number of sorted values at or below <paramref name="value"/>.</summary>
    private static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
