namespace BindingConformance.Runs;

/// <summary>What a conformance run trains and cross-loads, and the bounds its verdicts use.</summary>
/// <param name="DtwBound">Largest allowed normalised DTW between a binding's training-accuracy curve and the reference's.</param>
/// <param name="LogitTolerance">Largest allowed |logit difference| when weights move between frameworks.</param>
public sealed record RunPlan(
    string Tier,
    IReadOnlyList<PlannedModel> Models,
    IReadOnlyList<string> Devices,
    string OutputDirectory,
    double DtwBound = 0.05,
    double LogitTolerance = 1e-4,
    double Alpha = 0.05)
{
    /// <summary>Longest any one train or evaluate request may run (<c>--cell-timeout</c>); null derives each request's limit from its plan.</summary>
    public TimeSpan? CellTimeout { get; init; }
}
