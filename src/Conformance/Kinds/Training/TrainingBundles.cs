using BindingConformance.Cells;
using BindingConformance.Repro;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.Training;

/// <summary>A failed training cell's bundle (<see cref="TrainingBundleWriter"/>), from the runs the engine kept.</summary>
public sealed class TrainingBundles : IBundleWriter
{
    public async Task<BundleOutcome> WriteAsync(CellResult cell, CellEngine engine, string directory, CancellationToken cancellationToken)
    {
        var model = engine.Model(cell.Key.Subject);
        var oracle = engine.Registry.Get(cell.Key.Binding);
        if ((await engine.TrainingAsync(model, oracle, cell.Key.Device, cancellationToken)).Evidence is not { } evidence)
            return BundleOutcome.None("training produced no runs to reproduce");
        var reference = cell.Reference is { } id ? (await engine.TrainingAsync(model, engine.Registry.Get(id), cell.Key.Device, cancellationToken)).Evidence : null;
        var environment = ReproEnvironment.Describe(engine.Registry, cell.Reference is null ? [cell.Key.Binding] : [cell.Reference, cell.Key.Binding]);
        var step = new TrainingBundleWriter(model.RulesFrom(engine.Plan.Rules)).Write(cell, model, evidence, reference, oracle.Binding.Variant, environment, directory);
        return BundleOutcome.Written(step is null ? null : $"step {step.Step} of seed {step.Seed}");
    }
}
