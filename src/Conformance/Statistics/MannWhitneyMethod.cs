namespace BindingConformance.Statistics;

/// <summary>How a Mann-Whitney p-value was computed (scipy's <c>method</c> names).</summary>
public enum MannWhitneyMethod
{
    /// <summary>The exact null distribution of U: used when a sample has at most 8 observations and there are no ties.</summary>
    Exact,

    /// <summary>The normal approximation with tie correction and continuity correction.</summary>
    Asymptotic,
}
