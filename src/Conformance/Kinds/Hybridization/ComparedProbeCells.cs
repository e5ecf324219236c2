using System.Runtime.CompilerServices;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.Hybridization;

/// <summary>
/// The executor of a hybridization kind with one cell per probe × binding × device × mode (<see cref="ProbeMatrix"/>),
/// each compared with the run its kind expects and judged once per engine, so that a bundle reading a cell gets the
/// result the run recorded.
/// </summary>
public abstract class ComparedProbeCells : ICellExecutor
{
    /// <summary>The kind these cells are of: part of the key each is judged once under.</summary>
    protected abstract CellKind Kind { get; }

    public async IAsyncEnumerable<CellResult> RunAsync(CellKind kind, CellEngine engine, IReadOnlyList<string> subjects,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (probe, oracle, device, mode) in ProbeMatrix.Of(engine, subjects))
            if (Lists(engine, oracle, mode)) yield return await CellAsync(engine, probe, oracle, mode, device, cancellationToken);
    }

    public Task<CellResult> RunCellAsync(CellRequest request, CellEngine engine, CancellationToken cancellationToken) =>
        CellAsync(engine, HazardProbes.Get(request.Key.Subject), engine.Registry.Get(request.Key.Binding), request.Key.Mode ?? ExecutionMode.Eager,
            request.Key.Device, cancellationToken);

    /// <summary>Whether a run lists <paramref name="oracle"/>'s cell in <paramref name="mode"/> (a requested cell is judged either way).</summary>
    protected abstract bool Lists(CellEngine engine, IBindingOracle oracle, string mode);

    /// <summary>Judges one cell; the executor calls it once per engine.</summary>
    protected abstract Task<CellResult> JudgeAsync(CellEngine engine, HazardProbe probe, IBindingOracle oracle, string mode, string device,
        CancellationToken cancellationToken);

    private Task<CellResult> CellAsync(CellEngine engine, HazardProbe probe, IBindingOracle oracle, string mode, string device,
        CancellationToken cancellationToken) =>
        engine.SharedAsync((Kind, probe.Name, oracle.Binding.Id, mode, device), () => JudgeAsync(engine, probe, oracle, mode, device, cancellationToken));
}
