using BindingConformance.Oracles;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Reports;
using BindingConformance.Runs;

namespace BindingConformance.Repro;

/// <summary>
/// Which comparison reproduces a failed evaluation cell (own, cross-load, weight transfer): the binding at fault (a
/// mutated binding, else the blamed one, else the loader) against another binding that runs the same file layer by layer;
/// for a backend cell, the binding on its alternate backend against itself on its default one.
/// </summary>
public static class ReproCases
{
    /// <summary>The cell kinds whose failure a forward-pass comparison reproduces.</summary>
    public static bool Covers(CellResult cell) => cell.Suite is CellKinds.Own or CellKinds.Backend or CellKinds.CrossLoad or CellKinds.WeightTransfer;

    /// <summary>
    /// The case for <paramref name="cell"/> of a run whose models lie under <paramref name="outputDirectory"/>; null with
    /// the reason when no binding of <paramref name="registry"/> can serve as the reference.
    /// </summary>
    public static (ReproCase? Case, string? WhyNot) For(CellResult cell, OracleRegistry registry, string outputDirectory)
    {
        if (!Covers(cell)) return (null, $"a {cell.Suite} cell is not reproduced by a forward-pass comparison");
        if (cell.Metrics["file"]?.GetValue<string>() is not { } file) return (null, "the cell records no model file");
        if (cell.Suite == CellKinds.Backend) return ForBackend(cell, registry, file);
        var format = cell.Mode == "none" ? (ModelFormat?)null : ModelFormatNames.FromWireName(cell.Mode);
        if (format is null) return (null, "the binding saved no file it can load");
        var ids = cell.Binding.Split('→');
        var (source, loader) = (ids[0], ids[^1]);
        var mutated = registry.Oracles.OfType<MutantOracle>().FirstOrDefault(m => ids.Contains(m.Binding.Id));
        var target = mutated?.Binding.Id ?? cell.Metrics["blame"]?.GetValue<string>() ?? loader;
        var reference = ids.FirstOrDefault(id => id != target && CanRun(registry, id, format.Value, cell.Device))
                        ?? registry.Oracles.Where(o => o.Binding.Id != target && CanRun(registry, o.Binding.Id, format.Value, cell.Device))
                            .OrderByDescending(o => o.Binding.IsDefault).Select(o => o.Binding.Id).FirstOrDefault();
        if (reference is null) return (null, $"no other binding runs {cell.Mode} files layer by layer on {cell.Device}");

        // A bug on save is in the file itself: show it on a clean file of the same model, which the buggy binding saves again.
        var fileFormat = format.Value;
        if (mutated?.Mutant.Saved is not null && source == mutated.Binding.Id)
            (file, fileFormat) = CleanFile(outputDirectory, cell, reference, format.Value) ?? (file, format.Value);
        return (new ReproCase(cell.Name, cell.Model, fileFormat, file, cell.Device, reference, target, mutated?.Mutant.Name), null);
    }

    /// <summary>A backend cell: the binding's file on its default backend (the reference) and on the cell's backend (its mode).</summary>
    private static (ReproCase?, string?) ForBackend(CellResult cell, OracleRegistry registry, string file)
    {
        if (cell.Metrics["format"]?.GetValue<string>() is not { } formatName) return (null, "the cell records no file format");
        var format = ModelFormatNames.FromWireName(formatName);
        if (!CanRun(registry, cell.Binding, format, cell.Device)) return (null, $"{cell.Binding} does not run {formatName} files layer by layer on {cell.Device}");
        if (!registry.Get(cell.Binding).Capabilities.AlternateBackends.Contains(cell.Mode)) return (null, $"{cell.Binding} has no backend {cell.Mode} here");
        var mutant = (registry.Get(cell.Binding) as MutantOracle)?.Mutant.Name;
        return (new ReproCase(cell.Name, cell.Model, format, file, cell.Device, cell.Binding, cell.Binding, mutant, cell.Mode), null);
    }

    private static bool CanRun(OracleRegistry registry, string id, ModelFormat format, string device) =>
        registry.Oracles.Any(o => o.Binding.Id == id) && registry.Get(id).Capabilities.ActivationFormats.Contains(format)
                                                       && registry.Availability(id).WhyNot(device) is null;

    /// <summary>The reference's own export of the model, in the same format when it wrote one, else its safetensors weights.</summary>
    private static (string, ModelFormat)? CleanFile(string outputDirectory, CellResult cell, string reference, ModelFormat format) =>
        new[] { format, ModelFormat.Safetensors }
            .Select(f => (Path.Combine(outputDirectory, "models", cell.Model, $"{reference}-{cell.Device}", ModelFileNames.For(f)), f))
            .Where(p => File.Exists(p.Item1))
            .Select(p => ((string, ModelFormat)?)p)
            .FirstOrDefault();
}
