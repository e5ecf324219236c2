namespace BindingConformance.Statistics;

/// <summary>
/// P-values adjusted for multiple comparisons (capped at 1), in the order given, with the reject decision of
/// each hypothesis at family-wise error rate <see cref="Alpha"/>.
/// </summary>
public sealed record AdjustedPValues(IReadOnlyList<double> Adjusted, IReadOnlyList<bool> Reject, double Alpha);
