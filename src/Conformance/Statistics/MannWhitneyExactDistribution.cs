namespace BindingConformance.Statistics;

/// <summary>
/// The exact null distribution of the Mann-Whitney U statistic without ties. The number of arrangements with
/// U = k is the coefficient of q^k in the Gaussian binomial [m+n choose s]_q, s = min(m, n), built as
/// ∏ᵢ (1 − q^(m+n−s+i)) / (1 − q^i) and truncated at the degree the tail needs: O(s · k) time.
/// </summary>
internal static class MannWhitneyExactDistribution
{
    /// <summary>P(U ≥ k) — the tail including k, as scipy's <c>_mwu_state.sf</c> returns it.</summary>
    public static double SurvivalInclusive(long k, int m, int n)
    {
        var max = (long)m * n;
        if (k <= 0) return 1.0;
        if (k > max) return 0.0;
        // The distribution is symmetric about mn/2; sum whichever tail is shorter.
        var complement = max - k;
        return k < complement
            ? 1.0 - CumulativeTo(k - 1, m, n)
            : CumulativeTo(complement, m, n);
    }

    /// <summary>P(U ≤ k).</summary>
    private static double CumulativeTo(long k, int m, int n)
    {
        if (k < 0) return 0.0;
        var degree = checked((int)k);
        int small = Math.Min(m, n), large = Math.Max(m, n);
        // Counts wrap modulo 2^128 harmlessly while the true counts (at most C(m+n, s)) fit, with room for the
        // binomial's running product; beyond that use doubles.
        return Log2Binomial(m + n, small) + Math.Log2(m + n) < 126
            ? CumulativeExact(degree, small, large)
            : CumulativeApproximate(degree, small, large);
    }

    private static double CumulativeExact(int degree, int small, int large)
    {
        var counts = new UInt128[degree + 1];
        counts[0] = 1;
        for (var i = 1; i <= small; i++)
        {
            for (var d = i; d <= degree; d++) counts[d] += counts[d - i];
            var shift = large + i;
            for (var d = degree; d >= shift; d--) counts[d] -= counts[d - shift];
        }
        UInt128 below = 0;
        foreach (var c in counts) below += c;
        return (double)below / (double)Binomial(small + large, small);
    }

    private static double CumulativeApproximate(int degree, int small, int large)
    {
        // Same recurrence on probabilities scaled by each factor's total so that nothing overflows.
        var weights = new double[degree + 1];
        weights[0] = 1;
        for (var i = 1; i <= small; i++)
        {
            for (var d = i; d <= degree; d++) weights[d] += weights[d - i];
            var shift = large + i;
            for (var d = degree; d >= shift; d--) weights[d] -= weights[d - shift];
            // [large+i choose i] / [large+i-1 choose i-1] has total (large+i)/i.
            var scale = (double)i / (large + i);
            for (var d = 0; d <= degree; d++) weights[d] *= scale;
        }
        var sum = 0.0;
        foreach (var w in weights) sum += w;
        return sum;
    }

    private static UInt128 Binomial(int n, int k)
    {
        UInt128 result = 1;
        for (var i = 1; i <= k; i++) result = result * (UInt128)(n - k + i) / (UInt128)i;
        return result;
    }

    private static double Log2Binomial(int n, int k) =>
        (MathNet.Numerics.SpecialFunctions.GammaLn(n + 1.0) - MathNet.Numerics.SpecialFunctions.GammaLn(k + 1.0)
         - MathNet.Numerics.SpecialFunctions.GammaLn(n - k + 1.0)) / Math.Log(2.0);
}
