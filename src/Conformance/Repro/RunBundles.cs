using BindingConformance.Cells;
using BindingConformance.Runs;

namespace BindingConformance.Repro;

/// <summary>
/// A run's repro bundles (<c>OUT/repro/&lt;cell&gt;/</c>): one per failed cell whose kind has a bundle writer
/// (<see cref="CellKind.Bundles"/>), written from the recorded cell and the engine's work. A bundle that cannot be
/// written never fails the run: the cell says why it has none.
/// </summary>
public sealed class RunBundles(CellEngine engine)
{
    /// <summary>
    /// <paramref name="cell"/> with its bundle written and linked (<see cref="CellRepro.Bundle"/>, <see cref="CellResult.FirstDivergence"/>),
    /// or with why there is none; <paramref name="cell"/> itself when it did not fail or its kind writes no bundle.
    /// </summary>
    public async Task<CellResult> WriteAsync(CellResult cell, CancellationToken cancellationToken)
    {
        if (cell.Outcome != CellOutcome.Failed || cell.Kind.Bundles is not { } writer || cell.Repro.Bundle is not null) return cell;
        var relative = ReproBundle.RelativePath(cell.Key);
        try
        {
            var outcome = await writer.WriteAsync(cell, engine, Path.Combine(engine.Plan.OutputDirectory, relative), cancellationToken);
            if (outcome.Missing is { } why) return cell with { Repro = cell.Repro with { Missing = why } };
            engine.Progress.Report($"repro bundle of {cell.Name}: {relative}");
            return cell with { Repro = cell.Repro with { Bundle = relative, Missing = null }, FirstDivergence = outcome.FirstDivergence ?? cell.FirstDivergence };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            engine.Progress.Report($"no repro bundle for {cell.Name}: {e.Message}");
            return cell with { Repro = cell.Repro with { Missing = $"the bundle could not be written: {e.Message}" } };
        }
    }
}
