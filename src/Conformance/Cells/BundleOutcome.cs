namespace BindingConformance.Cells;

/// <summary>What writing a repro bundle gave: where the binding first diverged, or why there is no bundle.</summary>
public sealed record BundleOutcome(string? FirstDivergence, string? Missing)
{
    public static BundleOutcome Written(string? firstDivergence) => new(firstDivergence, null);

    public static BundleOutcome None(string why) => new(null, why);
}
