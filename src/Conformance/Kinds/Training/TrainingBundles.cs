using BindingConformance.Cells;
using BindingConformance.Kinds.Gradient;
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
        // The gradient cell's finding, from the engine's shared work: the probe's steps are not taken again.
        var gradient = cell.Reference is { } compared
            ? (await GradientCells.Instance.CellAsync(engine, model, oracle, cell.Key.Device, compared, cancellationToken)).FirstDivergence
            : null;
        var step = new TrainingBundleWriter(model.RulesFrom(engine.Plan.Rules))
            .Write(cell, model, evidence, reference, gradient, oracle.Binding.Variant, environment, directory);
        string?[] found = [step is null ? null : $"step {step.Step} of seed {step.Seed}", gradient is null ? null : $"gradient of {gradient}"];
        return BundleOutcome.Written(found.Any(f => f is not null) ? string.Join("; ", found.OfType<string>()) : null);
    }
}
