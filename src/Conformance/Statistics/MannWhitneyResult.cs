namespace BindingConformance.Statistics;

/// <summary>
/// Outcome of <see cref="MannWhitneyU.Test"/>. <see cref="U"/> is the statistic of the first sample, as
/// <c>scipy.stats.mannwhitneyu</c> reports it, whatever the alternative.
/// </summary>
public sealed record MannWhitneyResult(
    double U,
    double PValue,
    MannWhitneyMethod Method,
    Alternative Alternative,
    int FirstCount,
    int SecondCount);
