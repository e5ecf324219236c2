namespace BindingConformance.Statistics;

/// <summary>
/// The Mann-Whitney U test, reproducing <c>scipy.stats.mannwhitneyu(x, y, use_continuity=True, method='auto')</c>
/// of scipy 1.10: the exact null distribution when either sample has at most <see cref="ExactMaxSmallerSample"/>
/// observations and no value is tied; otherwise the normal approximation with tie and continuity corrections.
/// </summary>
public static class MannWhitneyU
{
    /// <summary>scipy's <c>method='auto'</c> switches to the exact distribution at or below this sample size.</summary>
    public const int ExactMaxSmallerSample = 8;

    /// <summary>Tests whether <paramref name="x"/> and <paramref name="y"/> come from the same distribution.</summary>
    /// <exception cref="ArgumentException">A sample is empty or holds NaN or an infinity.</exception>
    public static MannWhitneyResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y, Alternative alternative = Alternative.TwoSided)
    {
        var first = SampleValidation.NonEmptyFinite(x, nameof(x));
        var second = SampleValidation.NonEmptyFinite(y, nameof(y));
        int n1 = first.Length, n2 = second.Length;

        var ranks = TiedRanks.Compute(first, second);
        var rankSumFirst = 0.0;
        for (var i = 0; i < n1; i++) rankSumFirst += ranks.Ranks[i];
        var u1 = rankSumFirst - n1 * (n1 + 1.0) / 2.0;
        var u2 = (double)n1 * n2 - u1;

        // scipy tests the upper tail of the statistic the alternative points at, doubling for two-sided.
        var (u, factor) = alternative switch
        {
            Alternative.Greater => (u1, 1.0),
            Alternative.Less => (u2, 1.0),
            Alternative.TwoSided => (Math.Max(u1, u2), 2.0),
            _ => throw new ArgumentOutOfRangeException(nameof(alternative), alternative, "unknown alternative"),
        };

        var exact = Math.Min(n1, n2) <= ExactMaxSmallerSample && !ranks.HasTies;
        var p = exact
            ? MannWhitneyExactDistribution.SurvivalInclusive((long)u, n1, n2)
            : NormalSurvival(AsymptoticZ(u, n1, n2, ranks.TieTerm));
        p = Math.Clamp(p * factor, 0.0, 1.0);
        return new MannWhitneyResult(u1, p, exact ? MannWhitneyMethod.Exact : MannWhitneyMethod.Asymptotic, alternative, n1, n2);
    }

    private static double AsymptoticZ(double u, int n1, int n2, double tieTerm)
    {
        double n = (double)n1 + n2;
        var mean = (double)n1 * n2 / 2.0;
        var sd = Math.Sqrt((double)n1 * n2 / 12.0 * ((n + 1.0) - tieTerm / (n * (n - 1.0))));
        // All values equal gives sd = 0 and z = -inf, hence p = 1, exactly as scipy's IEEE division does.
        return (u - mean - 0.5) / sd;
    }

    /// <summary>Upper tail of the standard normal, P(Z &gt; z), accurate in the far tail.</summary>
    internal static double NormalSurvival(double z) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(z / Math.Sqrt(2.0));
}
