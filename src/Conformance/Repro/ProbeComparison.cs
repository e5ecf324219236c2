using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Reports;
using BindingConformance.Runs;

namespace BindingConformance.Repro;

/// <summary>
/// A <see cref="ProbeReproCase"/> judged by the run's own rules (<see cref="HybridizationCells"/>, the one place they
/// live): the cell it gives, and the expected and actual probe runs (null where a binding failed or the cell was skipped).
/// </summary>
public sealed record ProbeComparison(CellResult Cell, ProbeRunResult? Expected, ProbeRunResult? Actual)
{
    /// <summary>
    /// Judges <paramref name="c"/> with <paramref name="cells"/> (whose registry holds the target as the case wants it,
    /// mutant included): the cells' memoized runs are reused, so a run's bundle costs no new probe run.
    /// </summary>
    public static async Task<ProbeComparison> JudgeAsync(HybridizationCells cells, OracleRegistry registry, ProbeReproCase c, CancellationToken cancellationToken)
    {
        var probe = HazardProbes.Get(c.Probe);
        var target = registry.Get(c.Target);
        var hazard = c.Kind == CellKinds.Hybridization;
        var cell = hazard
            ? await cells.HazardCellAsync(probe, target, c.Mode, c.Device, cancellationToken)
            : await cells.ConformanceCellAsync(probe, target, c.Mode, c.Device, cancellationToken);
        if (cell.Outcome == CellOutcome.Skipped) return new(cell, null, null);
        var reference = registry.Get(c.Reference);
        var expected = await cells.ResultAsync(probe, reference, hazard ? ExecutionMode.Eager : ExecutionMode.ReferenceMode(c.Mode), c.Device, cancellationToken);
        var actual = await cells.ResultAsync(probe, target, c.Mode, c.Device, cancellationToken);
        return new(cell, expected, actual);
    }

    /// <summary>
    /// The line <c>compare</c> prints: <c>PASS</c> or <c>FAIL</c>, the cell and its reason, with the approved folder named
    /// as <paramref name="approvedShown"/> instead of its full path, so that a bundle's line is the same wherever it lies.
    /// </summary>
    public string Line(string approvedDirectory, string approvedShown) =>
        Line(Cell, approvedDirectory, approvedShown);

    /// <inheritdoc cref="Line(string, string)"/>
    public static string Line(CellResult cell, string approvedDirectory, string approvedShown) =>
        $"{(cell.Outcome == CellOutcome.Passed ? "PASS" : "FAIL")} {cell.Name}" +
        (cell.Reason is null ? "" : $": {cell.Reason.Replace(Path.GetFullPath(approvedDirectory), approvedShown)}");
}
