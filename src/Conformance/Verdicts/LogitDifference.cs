namespace BindingConformance.Verdicts;

/// <summary>
/// Largest |a − b| over two logit arrays of one shape. A NaN or infinity on either side counts as infinitely far, even
/// facing the same value: a non-finite logit is a finding (weights, inputs or a layer went wrong), never an agreement.
/// </summary>
public static class LogitDifference
{
    public static double Max(float[] a, float[] b)
    {
        if (a.Length != b.Length) return double.PositiveInfinity;
        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!float.IsFinite(a[i]) || !float.IsFinite(b[i])) return double.PositiveInfinity;
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }
        return max;
    }

    /// <summary>
    /// Largest |a − b| between two passes of one binding, for eval-mode determinism: a pass that repeats the same NaN or
    /// infinity at the same place is deterministic (the non-finite values are <see cref="Max"/>'s finding, not this one's).
    /// </summary>
    public static double BetweenPasses(float[] a, float[] b)
    {
        if (a.Length != b.Length) return double.PositiveInfinity;
        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!float.IsFinite(a[i]) || !float.IsFinite(b[i]))
            {
                if (a[i].Equals(b[i])) continue;
                return double.PositiveInfinity;
            }
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }
        return max;
    }

    /// <summary>Whether any of <paramref name="logits"/> is NaN or infinite.</summary>
    public static bool AnyNonFinite(IEnumerable<float> logits) => logits.Any(v => !float.IsFinite(v));
}
