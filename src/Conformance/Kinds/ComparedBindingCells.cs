using System.Runtime.CompilerServices;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Runs;

namespace BindingConformance.Kinds;

/// <summary>
/// The executor of a kind with one cell per model × binding × device (<see cref="CellEngine.BindingsOnDevices"/>), each
/// compared with the reference a theory declares, else with the framework's default binding, and judged once per engine,
/// so that a bundle reading a cell gets the result the run recorded.
/// </summary>
public abstract class ComparedBindingCells : ICellExecutor
{
    /// <summary>The kind these cells are of: part of the key each is judged once under.</summary>
    protected abstract CellKind Kind { get; }

    public async IAsyncEnumerable<CellResult> RunAsync(CellKind kind, CellEngine engine, IReadOnlyList<string> subjects,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (model, oracle, device) in engine.BindingsOnDevices(subjects))
            yield return await CellAsync(engine, model, oracle, device, null, cancellationToken);
    }

    public Task<CellResult> RunCellAsync(CellRequest request, CellEngine engine, CancellationToken cancellationToken) =>
        CellAsync(engine, engine.Model(request.Key.Subject), engine.Registry.Get(request.Key.Binding), request.Key.Device, request.Reference, cancellationToken);

    /// <summary><paramref name="oracle"/>'s cell against <paramref name="declaredReference"/> (null: the default reference), judged once per engine.</summary>
    public Task<CellResult> CellAsync(CellEngine engine, PlannedModel model, IBindingOracle oracle, string device, string? declaredReference,
        CancellationToken cancellationToken) =>
        engine.SharedAsync((Kind, model.Spec.Name, oracle.Binding.Id, device, declaredReference),
            () => JudgeAsync(engine, model, oracle, device, declaredReference, cancellationToken));

    /// <summary>Judges one cell; <see cref="CellAsync"/> calls it once per engine.</summary>
    protected abstract Task<CellResult> JudgeAsync(CellEngine engine, PlannedModel model, IBindingOracle oracle, string device, string? declaredReference,
        CancellationToken cancellationToken);
}
