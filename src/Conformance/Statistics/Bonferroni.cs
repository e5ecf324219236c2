namespace BindingConformance.Statistics;

/// <summary>
/// Bonferroni correction: each p-value times the number of tests, capped at 1 (R's <c>p.adjust(p, "bonferroni")</c>);
/// a hypothesis is rejected when p ≤ α / m (statsmodels' <c>multipletests(method='bonferroni')</c>).
/// </summary>
public static class Bonferroni
{
    /// <exception cref="ArgumentException">No p-values, a p-value outside [0, 1], or α outside (0, 1).</exception>
    public static AdjustedPValues Adjust(IReadOnlyList<double> pValues, double alpha = 0.05)
    {
        var p = PValueValidation.Check(pValues, alpha, nameof(pValues));
        var m = p.Length;
        var adjusted = p.Select(v => Math.Min(1.0, v * m)).ToArray();
        var reject = p.Select(v => v <= alpha / m).ToArray();
        return new AdjustedPValues(adjusted, reject, alpha);
    }
}
