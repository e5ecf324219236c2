namespace BindingConformance.Sensitivity;

/// <summary>
/// What a sensitivity study measured: which simulated bugs of <see cref="Binding"/> a conformance run caught
/// (<see cref="DetectionRate"/>) and how often a clean run failed anyway (<see cref="FalseAlarmRate"/>).
/// </summary>
/// <param name="Memoized">Bindings whose training the mutant runs reused from an earlier run of the same request.</param>
public sealed record SensitivityReport(
    string Binding,
    IReadOnlyList<string> Matrix,
    string Tier,
    IReadOnlyList<string> Models,
    IReadOnlyList<SensitivityRun> MutantRuns,
    IReadOnlyList<SensitivityRun> CleanRuns,
    IReadOnlyList<string> Memoized,
    int MemoHits,
    double ElapsedSeconds)
{
    /// <summary>Mutants that cannot show in any model of the study: not run, and not counted in <see cref="DetectionRate"/>.</summary>
    public IReadOnlyList<NotApplicableMutant> NotApplicable { get; init; } = [];

    /// <summary>Share of mutants with at least one failed cell; NaN without mutants.</summary>
    public double DetectionRate => Rate(MutantRuns);

    /// <summary>Share of clean runs with at least one failed cell; NaN without clean runs.</summary>
    public double FalseAlarmRate => Rate(CleanRuns);

    private static double Rate(IReadOnlyList<SensitivityRun> runs) => runs.Count == 0 ? double.NaN : (double)runs.Count(r => r.Detected) / runs.Count;
}
