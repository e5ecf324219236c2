using System.Runtime.CompilerServices;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.TimeCost;

/// <summary>
/// The time-cost cells of a model: one family per framework (its non-default bindings against its default binding,
/// Bonferroni over framework × model × device), measured once per engine.
/// </summary>
public sealed class TimeCostCells : ICellExecutor
{
    private TimeCostCells() { }

    public static TimeCostCells Instance { get; } = new();

    public async IAsyncEnumerable<CellResult> RunAsync(CellKind kind, CellEngine engine, IReadOnlyList<string> subjects,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var model in subjects.Select(engine.Model))
        foreach (var framework in engine.Registry.Oracles.Select(o => o.Binding.Framework).Distinct())
        foreach (var cell in await FamilyAsync((TimeCostKind)kind, engine, model, framework, cancellationToken))
            yield return cell;
    }

    public async Task<CellResult> RunCellAsync(CellRequest request, CellEngine engine, CancellationToken cancellationToken)
    {
        var key = request.Key;
        var oracle = engine.Registry.Get(key.Binding);
        if (oracle.Binding.IsDefault) return CellResult.Skipped(key, $"{key.Binding} is its framework's default binding: the others are timed against it");
        var family = await FamilyAsync((TimeCostKind)key.Kind, engine, engine.Model(key.Subject), oracle.Binding.Framework, cancellationToken);
        return family.FirstOrDefault(c => c.Key.Binding == key.Binding && c.Key.Device == key.Device)
               ?? CellResult.Skipped(key, $"{key.Binding} has no {((TimeCostKind)key.Kind).Quantity} on {key.Device} in this run");
    }

    /// <summary>The cells of one framework's bindings for one model, every device: one family, measured once.</summary>
    private static Task<IReadOnlyList<CellResult>> FamilyAsync(TimeCostKind kind, CellEngine engine, PlannedModel model, string framework,
        CancellationToken cancellationToken) =>
        engine.SharedAsync((kind, model.Spec.Name, framework), async () =>
        {
            var timed = new List<TimedBinding>();
            var untimed = new Dictionary<(string, string), string>();
            foreach (var oracle in engine.Registry.Oracles.Where(o => o.Binding.Framework == framework))
            foreach (var device in engine.Plan.Devices)
            {
                var (seconds, why, recalled) = await kind.TimesAsync(engine, model, oracle, device, cancellationToken);
                if (seconds is not null)
                    timed.Add(new TimedBinding(oracle.Binding, engine.Registry.Availability(oracle.Binding.Id).Engine, device, seconds) { Recalled = recalled });
                else untimed[(oracle.Binding.Id, device)] = why ?? $"{oracle.Binding.Id} did not run {model.Spec.Name}";
            }
            var defaults = engine.Registry.Oracles.Where(o => o.Binding.IsDefault)
                .GroupBy(o => o.Binding.Framework).ToDictionary(g => g.Key, g => g.First().Binding);
            var cells = TimeCost.Compare(model.Spec.Name, kind, timed, defaults,
                (id, device) => untimed.GetValueOrDefault((id, device)) ?? $"{id} did not run {model.Spec.Name}", engine.Plan.Rules.Alpha);
            // A non-default binding with nothing to time (it cannot train, or saved no model) is a skip with its reason, never omitted.
            var untimedCells = engine.Registry.Oracles
                .Where(o => o.Binding.Framework == framework && !o.Binding.IsDefault)
                .SelectMany(o => engine.Plan.Devices.Where(d => untimed.ContainsKey((o.Binding.Id, d)))
                    .Select(d => CellResult.Skipped(new CellKey(kind, model.Spec.Name, o.Binding.Id, d), untimed[(o.Binding.Id, d)])));
            return (IReadOnlyList<CellResult>)[.. cells, .. untimedCells];
        });
}
