using System.Runtime.CompilerServices;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.Evaluation;

/// <summary>The own-file cells: every binding that trained the model, on every device it trained on.</summary>
public sealed class OwnFileCells : ICellExecutor
{
    public async IAsyncEnumerable<CellResult> RunAsync(CellKind kind, CellEngine engine, IReadOnlyList<string> subjects,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var (model, oracle, device) in engine.BindingsOnDevices(subjects))
            // A binding that did not train has no own file; its training cell says why.
            if ((await engine.TrainingAsync(model, oracle, device, cancellationToken)).Trained is not null)
                yield return await CellAsync(engine, model, oracle, device, cancellationToken);
    }

    public Task<CellResult> RunCellAsync(CellRequest request, CellEngine engine, CancellationToken cancellationToken) =>
        CellAsync(engine, engine.Model(request.Key.Subject), engine.Registry.Get(request.Key.Binding), request.Key.Device, cancellationToken);

    private static Task<CellResult> CellAsync(CellEngine engine, PlannedModel model, IBindingOracle oracle, string device, CancellationToken cancellationToken) =>
        engine.SharedAsync((OwnFileKind.Instance, model.Spec.Name, oracle.Binding.Id, device), async () =>
        {
            var own = await engine.OwnAsync(model, oracle, device, cancellationToken);
            var key = new CellKey(OwnFileKind.Instance, model.Spec.Name, oracle.Binding.Id, device) { Format = own.Export?.Format.WireName() };
            if (own.Untrained is { } untrained) return CellResult.Skipped(key, $"{oracle.Binding.Id} trained nothing to load: {untrained}");
            var cell = own.Verdict is { } verdict
                ? Evaluations.Judged(engine, key, verdict, own.Export!.Path)
                : CellResult.Failed(key, own.Error!) with { Metrics = own.Export is null ? CellMetrics.Empty : Evaluations.FileMetrics(engine, own.Export.Path) };
            return Evaluations.Reproducible(engine, cell, model, own.Export?.Path, own.Export?.Format);
        });
}
