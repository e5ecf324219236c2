using BindingConformance.Runs;

namespace BindingConformance.Cells;

/// <summary>
/// Enumerates, runs and judges the cells of one or more kinds, for both front ends: a run asks for every cell of a
/// kind (<see cref="RunAsync"/>), a theory for one (<see cref="RunCellAsync"/>); both judge it the same way, over the
/// engine's shared work (trainings, own evaluations, probe runs).
/// </summary>
public interface ICellExecutor
{
    /// <summary>Every cell of <paramref name="kind"/> for <paramref name="subjects"/> of the engine's plan, judged, in a fixed order.</summary>
    IAsyncEnumerable<CellResult> RunAsync(CellKind kind, CellEngine engine, IReadOnlyList<string> subjects, CancellationToken cancellationToken);

    /// <summary>The one cell <paramref name="request"/> names, judged as <see cref="RunAsync"/> judges it; skipped with the reason when it cannot run.</summary>
    Task<CellResult> RunCellAsync(CellRequest request, CellEngine engine, CancellationToken cancellationToken);
}
