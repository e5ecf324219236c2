namespace BindingConformance.Statistics;

/// <summary>
/// Holm's step-down correction (R's <c>p.adjust(p, "holm")</c>, statsmodels' <c>multipletests(method='holm')</c>):
/// the i-th smallest p-value is multiplied by (m − i + 1), made monotone and capped at 1; hypotheses are rejected
/// in order until the first p₍ᵢ₎ &gt; α / (m − i + 1).
/// </summary>
public static class Holm
{
    /// <exception cref="ArgumentException">No p-values, a p-value outside [0, 1], or α outside (0, 1).</exception>
    public static AdjustedPValues Adjust(IReadOnlyList<double> pValues, double alpha = 0.05)
    {
        var p = PValueValidation.Check(pValues, alpha, nameof(pValues));
        var m = p.Length;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var adjusted = new double[m];
        var reject = new bool[m];
        var running = 0.0;
        var stillRejecting = true;
        for (var rank = 0; rank < m; rank++)
        {
            var index = order[rank];
            var testsLeft = m - rank;
            running = Math.Max(running, Math.Min(1.0, p[index] * testsLeft));
            adjusted[index] = running;
            stillRejecting &= p[index] <= alpha / testsLeft;
            reject[index] = stillRejecting;
        }
        return new AdjustedPValues(adjusted, reject, alpha);
    }
}
