using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Reports;
using BindingConformance.Runs;
using BindingConformance.Snapshots;
using BindingConformance.Verdicts;

namespace BindingConformance.Repro;

/// <summary>
/// A run's repro bundles (<c>OUT/repro/&lt;cell&gt;/</c>): one per failed training, own, cross-load, weight-transfer
/// or execution-mode (hybridization) cell, linked from the cell's metrics (<c>repro</c>, or <c>repro_missing</c> with the reason when none could be
/// written). A bundle that cannot be written never fails the run.
/// </summary>
public sealed class RunBundles(OracleRegistry registry, RunPlan plan, IProgress<string> progress)
{
    /// <summary>The cell's metric holding the bundle's path relative to the run's output folder.</summary>
    public const string Metric = "repro";

    /// <param name="engine">The run's engine, whose trainings a training bundle reads.</param>
    public Task WriteAsync(PlannedModel model, CellResult cell, CellEngine engine, CancellationToken cancellationToken) =>
        RecordAsync(cell, directory => cell.Suite == CellKinds.Training
            ? WriteTrainingAsync(model, cell, engine, directory, cancellationToken)
            : WriteComparisonAsync(model, cell, directory, cancellationToken), cancellationToken);

    /// <summary>The bundle of a failed execution-mode cell, from the runs <paramref name="cells"/> judged (no probe runs again).</summary>
    public Task WriteProbeAsync(CellResult cell, HybridizationCells cells, CancellationToken cancellationToken) =>
        RecordAsync(cell, directory => WriteProbeComparisonAsync(cell, cells, directory, cancellationToken), cancellationToken);

    private async Task RecordAsync(CellResult cell, Func<string, Task<string?>> write, CancellationToken cancellationToken)
    {
        var relative = ReproBundle.RelativePath(cell);
        var directory = Path.Combine(plan.OutputDirectory, relative);
        try
        {
            var why = await write(directory);
            if (why is not null)
            {
                cell.Metrics["repro_missing"] = why;
                return;
            }
            cell.Metrics[Metric] = relative;
            progress.Report($"repro bundle of {cell.Name}: {relative}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            cell.Metrics["repro_missing"] = $"the bundle could not be written: {e.Message}";
            progress.Report($"no repro bundle for {cell.Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Writes the bundle of a recorded case into <paramref name="directory"/> (also <c>conformance repro</c>): the case's
    /// mutant is applied to its target unless the registry's target already is that mutant (a sensitivity run's).
    /// </summary>
    public static async Task<ForwardComparison> WriteAsync(OracleRegistry registry, ReproCase c, InputBatch batch, string directory,
        VerdictRules rules, CancellationToken cancellationToken)
    {
        var environment = ReproEnvironment.Describe(registry, [c.Reference, c.Target]);
        var writer = new ReproBundleWriter(rules);
        var spec = ModelZoo.Get(c.Model);
        var target = registry.Get(c.Target);
        if (c.Mutant is null || target is MutantOracle { Mutant.Name: var name } && name == c.Mutant)
            return await writer.WriteAsync(c, spec, batch, registry.Get(c.Reference), target, environment, directory, cancellationToken);
        var scratch = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(directory))!, $".{Path.GetFileName(directory)}.scratch");
        await using var mutated = MutantOracle.Around(target, MutantCatalog.Get(c.Mutant), scratch);
        return await writer.WriteAsync(c, spec, batch, registry.Get(c.Reference), mutated, environment, directory, cancellationToken);
    }

    private async Task<string?> WriteComparisonAsync(PlannedModel model, CellResult cell, string directory, CancellationToken cancellationToken)
    {
        var (c, why) = ReproCases.For(cell, registry, plan.OutputDirectory);
        if (c is null) return why;
        var comparison = await WriteAsync(registry, c, InputBatch.FromTestSplit(model.Data.Path), directory, plan.Rules, cancellationToken);
        var recorded = c.ToJson();
        recorded["data"] = model.Data.Path;
        cell.Metrics["repro_case"] = recorded;
        cell.Metrics["first_diverging_layer"] = comparison.Table.FirstDiverging;
        return null;
    }

    private async Task<string?> WriteProbeComparisonAsync(CellResult cell, HybridizationCells cells, string directory, CancellationToken cancellationToken)
    {
        if (!ProbeReproCase.Covers(cell)) return $"a {cell.Suite} cell is not reproduced by a probe comparison";
        var target = registry.Get(cell.Binding);
        var reference = cell.Suite == CellKinds.Hybridization ? cells.EagerOf(target) : cells.Capturer;
        if (reference is null) return "no binding ran the probe to compare with";
        var c = new ProbeReproCase(cell.Name, cell.Suite, cell.Model, cell.Mode, cell.Device, reference.Binding.Id, cell.Binding,
            (target as MutantOracle)?.Mutant.Name);
        var comparison = await ProbeComparison.JudgeAsync(cells, registry, c, cancellationToken);
        var environment = ReproEnvironment.Describe(registry, c.Reference == c.Target ? [c.Target] : [c.Reference, c.Target]);
        ProbeBundleWriter.Write(c, comparison, Path.Combine(plan.OutputDirectory, HybridizationCells.ArtifactFolder, cell.Device),
            plan.ApprovedDirectory ?? SnapshotStore.Default.Directory, environment, directory);
        cell.Metrics["repro_case"] = c.ToJson();
        return null;
    }

    private async Task<string?> WriteTrainingAsync(PlannedModel model, CellResult cell, CellEngine engine, string directory, CancellationToken cancellationToken)
    {
        var oracle = registry.Get(cell.Binding);
        if ((await engine.TrainingAsync(model, oracle, cell.Device, cancellationToken)).Evidence is not { } evidence)
            return "training produced no runs to reproduce";
        var referenceId = cell.Metrics["reference"]?.GetValue<string>();
        var reference = referenceId is null ? null : (await engine.TrainingAsync(model, registry.Get(referenceId), cell.Device, cancellationToken)).Evidence;
        var environment = ReproEnvironment.Describe(registry, referenceId is null ? [cell.Binding] : [referenceId, cell.Binding]);
        new TrainingBundleWriter(model.RulesFrom(plan.Rules)).Write(cell, model, evidence, reference, (oracle as MutantOracle)?.Mutant.Name, environment, directory);
        return null;
    }
}
