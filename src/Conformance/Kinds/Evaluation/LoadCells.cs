using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.Evaluation;

/// <summary>
/// The cross-load and weight-transfer cells: every file a binding saved, loaded by every binding that declares its
/// format, on every device; safetensors weights moving into another framework make a weight-transfer cell. A failure
/// names the binding to blame.
/// </summary>
public sealed class LoadCells : ICellExecutor
{
    private LoadCells() { }

    public static LoadCells Instance { get; } = new();

    /// <summary>The kind of a load of <paramref name="format"/> written by <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static CellKind KindOf(IBindingOracle source, ModelFormat format, IBindingOracle target) =>
        format == ModelFormat.Safetensors && target.Binding.Framework != source.Binding.Framework ? WeightTransferKind.Instance : CrossLoadKind.Instance;

    public async IAsyncEnumerable<CellResult> RunAsync(CellKind kind, CellEngine engine, IReadOnlyList<string> subjects,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (model, source, sourceDevice) in engine.BindingsOnDevices(subjects))
        {
            // A binding that did not train saved nothing; its training cell says why.
            if ((await engine.TrainingAsync(model, source, sourceDevice, cancellationToken)).Trained is not { } trained) continue;
            foreach (var export in trained.Exports)
            foreach (var target in engine.Registry.Oracles)
            {
                // Only cells a binding declares it can load exist; skips are for absent bindings and devices.
                if (target.Capabilities.WhyCannotLoad(target.Binding.Id, export.Format) is not null || KindOf(source, export.Format, target) != kind) continue;
                var availability = engine.Registry.Availability(target.Binding.Id);
                foreach (var device in availability.Available ? availability.Devices.Union(engine.Plan.Devices) : engine.Plan.Devices)
                    yield return await CellAsync(engine, model, source, sourceDevice, export, target, device, cancellationToken);
            }
        }
    }

    /// <summary>The file the request's source saved on the cell's device in the cell's format, loaded by the cell's binding.</summary>
    public async Task<CellResult> RunCellAsync(CellRequest request, CellEngine engine, CancellationToken cancellationToken)
    {
        var key = request.Key;
        var model = engine.Model(key.Subject);
        var source = engine.Registry.Get(request.Reference ?? key.Source ?? throw new ArgumentException($"{key.Kind.Name} cell {key.Name} names no source binding"));
        var keyed = key with { Source = source.Binding.Id };
        var training = await engine.TrainingAsync(model, source, key.Device, cancellationToken);
        if (training.Trained is not { } trained) return CellResult.Skipped(keyed, $"{source.Binding.Id} trained nothing to load: {training.WhyNot}");
        if (trained.Exports.FirstOrDefault(e => e.Format.WireName() == key.Format) is not { } export)
            return CellResult.Skipped(keyed, $"{source.Binding.Id} saved no {key.Format} file");
        // A theory's format axis names every format; a run makes only the cells a binding declares it can load.
        var target = engine.Registry.Get(key.Binding);
        return target.Capabilities.WhyCannotLoad(target.Binding.Id, export.Format) is { } cannot
            ? CellResult.Skipped(keyed, cannot)
            : await CellAsync(engine, model, source, key.Device, export, target, key.Device, cancellationToken);
    }

    private static async Task<CellResult> CellAsync(CellEngine engine, PlannedModel model, IBindingOracle source, string sourceDevice, ModelExport export,
        IBindingOracle target, string device, CancellationToken cancellationToken)
    {
        var key = new CellKey(KindOf(source, export.Format, target), model.Spec.Name, target.Binding.Id, device)
        {
            Source = source.Binding.Id,
            Format = export.Format.WireName(),
        };
        if (engine.WhyAbsent(target, device) is { } absent) return CellResult.Skipped(key, absent);
        // A state dict is loaded into a model the binding builds from the spec: a layer kind it does not build is its skip.
        if (target.Capabilities.WhyCannotLoad(target.Binding.Id, export.Format, model.Spec) is { } cannot) return CellResult.Skipped(key, cannot);
        var own = await engine.OwnAsync(model, source, sourceDevice, cancellationToken);
        if (own.Expected is not { } expected)
            return CellResult.Failed(key, $"{source.Binding.Id} has no trained predictions to compare with: {own.Error ?? own.Untrained}");
        var cell = await Evaluations.JudgeAsync(engine, key, target, new EvaluateRequest(model.Spec, model.Data, export.Format, export.Path, device), expected,
            cancellationToken);
        cell = cell with { Metrics = cell.Metrics.With("source_device", sourceDevice) };
        if (cell.Outcome == CellOutcome.Failed)
            cell = cell with { Blame = await BlameAsync(engine, model, source, sourceDevice, export.Format, target, device, cancellationToken) };
        return Evaluations.Reproducible(engine, cell, model, export.Path, export.Format);
    }

    /// <summary>
    /// Names the binding whose behaviour changed: each binding is first held to its own file, so a failing load is
    /// blamed on a source whose own file misbehaves, else on a target that does not reproduce its own model either,
    /// else on a source whose file the reference binding runs differently, else on the target reading that source's format.
    /// </summary>
    private static async Task<Blame> BlameAsync(CellEngine engine, PlannedModel model, IBindingOracle source, string sourceDevice, ModelFormat format,
        IBindingOracle target, string device, CancellationToken cancellationToken)
    {
        var sourceOwn = await engine.OwnAsync(model, source, sourceDevice, cancellationToken);
        var targetOwn = await engine.OwnAsync(model, target, device, cancellationToken);
        var file = format.WireName();
        return sourceOwn.Failed ? new Blame(source.Binding.Id, "its own file does not reproduce its trained model either")
            : targetOwn.Failed ? new Blame(target.Binding.Id, "it does not reproduce its own trained model either")
            // The reference defines the expected behaviour: a file it runs differently from its writer's trained model
            // means the writer's model computes something other than what it saved (a swapped activation, scaled logits).
            : target.Binding.IsDefault && !source.Binding.IsDefault
                ? new Blame(source.Binding.Id, $"the reference {target.Binding.Id} runs its {file} file differently from its trained model; both bindings reproduce their own files")
            : new Blame(target.Binding.Id, $"it loads {file} written by {source.Binding.Id} differently; both bindings reproduce their own files");
    }
}
