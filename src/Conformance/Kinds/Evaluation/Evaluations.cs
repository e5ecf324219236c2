using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Runs;
using BindingConformance.Verdicts;

namespace BindingConformance.Kinds.Evaluation;

/// <summary>What every evaluation kind does with a model file: run it in a binding and judge it by <see cref="InferenceVerdict"/>.</summary>
internal static class Evaluations
{
    /// <summary>
    /// <paramref name="target"/> runs <paramref name="request"/>'s file, judged against <paramref name="expected"/>; a binding
    /// that fails to load or run the file fails the cell with its error, on one line.
    /// </summary>
    public static async Task<CellResult> JudgeAsync(CellEngine engine, CellKey key, IBindingOracle target, EvaluateRequest request,
        InferenceExpectation expected, CancellationToken cancellationToken)
    {
        try
        {
            engine.Progress.Report($"{key.Kind.Name} {key.Subject}: {(key.Source is null ? "" : $"{key.Source}→")}{key.Binding} ({request.Format.WireName()}{(request.Backend is null ? "" : $" on {request.Backend}")}, {key.Device})");
            var result = await target.EvaluateAsync(request with { TimeLimit = engine.Plan.CellTimeout }, cancellationToken);
            return Judged(engine, key, InferenceVerdict.Judge(expected, result, engine.Plan.Rules), request.Path);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var on = request.Backend is null ? "" : $" on its {request.Backend} backend";
            return CellResult.Failed(key, $"{target.Binding.Id} failed to load or run {request.Path}{on}: {OneLine.Of(e.Message)}") with { Metrics = FileMetrics(engine, request.Path) };
        }
    }

    /// <summary>The cell judged by <paramref name="verdict"/>, naming the file it ran.</summary>
    public static CellResult Judged(CellEngine engine, CellKey key, CellVerdict verdict, string file)
    {
        verdict.Metrics["file"] = Shown(engine, file);
        return CellResult.Judged(key, verdict);
    }

    public static CellMetrics FileMetrics(CellEngine engine, string file) => new(new JsonObject { ["file"] = Shown(engine, file) });

    /// <summary>A file of the run's output folder relative to it (<c>models/LeNet1/torchsharp-cpu/model.pt</c>), so a report stays true when its folder moves.</summary>
    private static string Shown(CellEngine engine, string file)
    {
        var relative = Path.GetRelativePath(engine.Plan.OutputDirectory, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative.Replace('\\', '/');
    }

    /// <summary>A failed cell with the <c>conformance run</c> line that re-runs what it needs and the comparison its bundle re-runs.</summary>
    public static CellResult Reproducible(CellEngine engine, CellResult cell, PlannedModel model, string? file, ModelFormat? format)
    {
        if (cell.Outcome != CellOutcome.Failed) return cell;
        var (forward, whyNot) = file is null || format is null ? (null, "the binding saved no file it can load") : ForwardCases.For(engine, cell, model, file, format.Value);
        return cell with { Repro = new CellRepro(ReproduceLine.For(model, cell.Key.Device, [.. cell.Key.Bindings])) { Forward = forward, Missing = whyNot } };
    }
}
