using BindingConformance.Cells;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Runs;

namespace BindingConformance.Repro;

/// <summary>
/// A judged execution-mode cell with the probe runs it compared (null where a binding failed to answer): what its repro
/// bundle and <c>conformance compare --probe</c> show. Built from the engine's recorded runs, never by judging again.
/// </summary>
public sealed record ProbeComparison(CellResult Cell, ProbeRunResult? Expected, ProbeRunResult? Actual)
{
    /// <summary>The runs <paramref name="c"/> compares, as <paramref name="engine"/> ran them for <paramref name="cell"/>.</summary>
    public static async Task<ProbeComparison> OfAsync(CellEngine engine, CellResult cell, ProbeReproCase c, CancellationToken cancellationToken)
    {
        var probe = HazardProbes.Get(c.Probe);
        var expected = await engine.Probes.RunAsync(probe, engine.Registry.Get(c.Reference), CellReferences.ExpectedMode(c.Kind, c.Mode), c.Device, cancellationToken);
        var actual = await engine.Probes.RunAsync(probe, engine.Registry.Get(c.Target), c.Mode, c.Device, cancellationToken);
        return new(cell, expected.Result, actual.Result);
    }

    /// <summary>
    /// The line <c>compare</c> prints: <c>PASS</c> or <c>FAIL</c>, the cell and its reason, with the approved folder named
    /// as <paramref name="approvedShown"/> instead of its full path, so that a bundle's line is the same wherever it lies.
    /// </summary>
    public string Line(string approvedDirectory, string approvedShown) => Line(Cell, approvedDirectory, approvedShown);

    /// <inheritdoc cref="Line(string, string)"/>
    public static string Line(CellResult cell, string approvedDirectory, string approvedShown) =>
        $"{(cell.Outcome == CellOutcome.Passed ? "PASS" : "FAIL")} {cell.Name}" +
        (cell.Reason is null ? "" : $": {cell.Reason.Replace(Path.GetFullPath(approvedDirectory), approvedShown)}");
}
