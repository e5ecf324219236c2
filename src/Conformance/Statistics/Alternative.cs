namespace BindingConformance.Statistics;

/// <summary>The alternative hypothesis of a two-sample test, named as in <c>scipy.stats</c>.</summary>
public enum Alternative
{
    /// <summary>The distributions differ (scipy <c>alternative='two-sided'</c>).</summary>
    TwoSided,

    /// <summary>The first sample is stochastically smaller than the second (scipy <c>alternative='less'</c>).</summary>
    Less,

    /// <summary>The first sample is stochastically greater than the second (scipy <c>alternative='greater'</c>).</summary>
    Greater,
}
