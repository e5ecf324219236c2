using System.Runtime.CompilerServices;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.Evaluation;

/// <summary>The backend cells: every trained binding's own file on each alternate inference backend it declares.</summary>
public sealed class BackendCells : ICellExecutor
{
    public async IAsyncEnumerable<CellResult> RunAsync(CellKind kind, CellEngine engine, IReadOnlyList<string> subjects,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (model, oracle, device) in engine.BindingsOnDevices(subjects))
        foreach (var backend in oracle.Capabilities.AlternateBackends)
            // Only a binding with an own file to run has backend cells; its training or own cell says why not.
            if ((await engine.OwnAsync(model, oracle, device, cancellationToken)).Expected is not null)
                yield return await CellAsync(engine, model, oracle, device, backend, cancellationToken);
    }

    public Task<CellResult> RunCellAsync(CellRequest request, CellEngine engine, CancellationToken cancellationToken)
    {
        var oracle = engine.Registry.Get(request.Key.Binding);
        return request.Key.Backend is { } backend && oracle.Capabilities.AlternateBackends.Contains(backend)
            ? CellAsync(engine, engine.Model(request.Key.Subject), oracle, request.Key.Device, backend, cancellationToken)
            : Task.FromResult(CellResult.Skipped(request.Key, $"{oracle.Binding.Id} has no alternate inference backend '{request.Key.Backend}' " +
                                                            $"(alternates: {(oracle.Capabilities.AlternateBackends.Count == 0 ? "none" : string.Join(", ", oracle.Capabilities.AlternateBackends))})"));
    }

    private static async Task<CellResult> CellAsync(CellEngine engine, PlannedModel model, IBindingOracle oracle, string device, string backend,
        CancellationToken cancellationToken)
    {
        var own = await engine.OwnAsync(model, oracle, device, cancellationToken);
        var key = new CellKey(BackendKind.Instance, model.Spec.Name, oracle.Binding.Id, device) { Format = own.Export?.Format.WireName(), Backend = backend };
        if (own.Export is not { } export || own.Expected is not { } expected)
            return CellResult.Skipped(key, $"{oracle.Binding.Id} has no own file to run on its {backend} backend: {own.Untrained ?? own.Error}");
        var cell = await Evaluations.JudgeAsync(engine, key, oracle, new EvaluateRequest(model.Spec, model.Data, export.Format, export.Path, device, Backend: backend),
            expected, cancellationToken);
        return Evaluations.Reproducible(engine, cell, model, export.Path, export.Format);
    }
}
