using BindingConformance.Cells;
using BindingConformance.Repro;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.Hybridization;

/// <summary>A failed execution-mode cell's bundle (<see cref="ProbeBundleWriter"/>), from the probe runs the cell judged.</summary>
public sealed class ProbeBundles : IBundleWriter
{
    public async Task<BundleOutcome> WriteAsync(CellResult cell, CellEngine engine, string directory, CancellationToken cancellationToken)
    {
        if (cell.Repro.Probe is not { } c) return BundleOutcome.None("the cell records no probe comparison to reproduce");
        var comparison = await ProbeComparison.OfAsync(engine, cell, c, cancellationToken);
        var environment = ReproEnvironment.Describe(engine.Registry, c.Reference == c.Target ? [c.Target] : [c.Reference, c.Target]);
        var snapshots = HazardCells.Snapshots(engine.Plan);
        var approved = HazardCells.ApprovedName(snapshots, c.Probe, engine.Registry.Get(c.Target).Binding, c.Mode);
        ProbeBundleWriter.Write(c, comparison, engine.Probes.ArtifactDirectory(c.Device), snapshots.Directory, approved, environment, directory);
        return BundleOutcome.Written(cell.FirstDivergence);
    }
}
