using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Repro;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.Evaluation;

/// <summary>
/// Which forward-pass comparison reproduces a failed evaluation cell, decided when the cell is judged: the binding at
/// fault (the blamed one, else the loader) against another binding that runs the same file layer by layer; for a backend
/// cell, the binding on its alternate backend against itself on its default one.
/// </summary>
public static class ForwardCases
{
    /// <summary>The case for <paramref name="cell"/>, or why no binding here can serve as its reference.</summary>
    public static (ReproCase? Case, string? WhyNot) For(CellEngine engine, CellResult cell, PlannedModel model, string file, ModelFormat format)
    {
        var registry = engine.Registry;
        var key = cell.Key;
        if (key.Backend is { } backend)
            return CanRun(registry, key.Binding, format, key.Device)
                ? (Case(registry, cell, model, format, file, key.Binding, key.Binding) with { Backend = backend }, null)
                : (null, $"{key.Binding} does not run {format.WireName()} files layer by layer on {key.Device}");

        var target = cell.Blame?.Binding ?? key.Binding;
        var reference = key.Bindings.FirstOrDefault(id => id != target && CanRun(registry, id, format, key.Device))
                        ?? CellReferences.ReferencesFirst(registry.Oracles)
                            .Where(o => o.Binding.Id != target && CanRun(registry, o.Binding.Id, format, key.Device))
                            .Select(o => o.Binding.Id).FirstOrDefault();
        if (reference is null) return (null, $"no other binding runs {format.WireName()} files layer by layer on {key.Device}");

        // A binding that changes the files it saves is shown on a clean file of the same model, which it runs as it would have saved it.
        var writer = key.Source ?? key.Binding;
        if (target == writer && registry.Get(target).Binding.Variant is { AltersSavedFiles: true }
            && CleanFile(engine, model, reference, format, key.Device) is { } clean)
            return (Case(registry, cell, model, clean.Format, clean.Path, reference, target), null);
        return (Case(registry, cell, model, format, file, reference, target), null);
    }

    /// <summary>The case, carrying the target's decoration (a simulated bug) so that <c>compare</c> applies it again.</summary>
    private static ReproCase Case(OracleRegistry registry, CellResult cell, PlannedModel model, ModelFormat format, string file, string reference, string target) =>
        new(cell.Name, model.Spec.Name, format, file, cell.Key.Device, reference, target, registry.Get(target).Binding.Variant?.Name) { Data = model.Data.Path };

    private static bool CanRun(OracleRegistry registry, string id, ModelFormat format, string device) =>
        registry.Oracles.Any(o => o.Binding.Id == id) && registry.Get(id).Capabilities.ActivationFormats.Contains(format)
                                                       && registry.Availability(id).WhyNot(device) is null;

    /// <summary>The reference's own export of the model, in the same format when it wrote one, else its safetensors weights.</summary>
    private static ModelExport? CleanFile(CellEngine engine, PlannedModel model, string reference, ModelFormat format, string device) =>
        new[] { format, ModelFormat.Safetensors }
            .Select(f => new ModelExport(f, TrainingStage.ModelPath(engine.Plan, model, reference, device, f)))
            .FirstOrDefault(e => File.Exists(e.Path));
}
