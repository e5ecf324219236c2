using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Runs;
using BindingConformance.Verdicts;

namespace BindingConformance.Kinds.Training;

/// <summary>The training cells: every binding (references first) on every device, judged by <see cref="TrainingVerdict"/>.</summary>
public sealed class TrainingCells : ComparedBindingCells
{
    private TrainingCells() { }

    public static TrainingCells Instance { get; } = new();

    protected override CellKind Kind => TrainingKind.Instance;

    protected override async Task<CellResult> JudgeAsync(CellEngine engine, PlannedModel model, IBindingOracle oracle, string device, string? declaredReference,
        CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var key = new CellKey(TrainingKind.Instance, model.Spec.Name, id, device);
        var training = await engine.TrainingAsync(model, oracle, device, cancellationToken);
        if (training.Skip is { } skip) return CellResult.Skipped(key, skip);
        if (training.Error is { } error)
            return CellResult.Failed(key, error) with { Metrics = new(new JsonObject { ["completed_seeds"] = training.CompletedSeeds }) };

        var (reference, noReference) = await CellReferences.ComparedAsync(engine, model, oracle, device, declaredReference, cancellationToken);
        if (noReference is not null) return CellResult.Skipped(key, noReference);
        var probed = reference is null ? null : await IdentityProbe.SharedAsync(engine, model, oracle, reference.Trained!, device, cancellationToken);
        var (identity, whyNoProbe) = probed?.Compare(engine.Plan.Rules) ?? (null, null);
        var verdict = TrainingVerdict.Judge(training.Evidence!, reference?.Evidence, model.MinimumTestAccuracy, identity, whyNoProbe,
            FamilySize(engine.Registry, oracle, model), model.RulesFrom(engine.Plan.Rules));
        var judged = CellResult.Judged(key, verdict);
        return judged with
        {
            Metrics = judged.Metrics.With(SeedCurves.MetricName, SeedCurves.ToJson(training.Evidence!)),
            FromCache = training.Recalled,
            Reference = reference?.Evidence!.BindingId,
            Repro = new CellRepro(ReproduceLine.For(model, device, reference is null ? [id] : [reference.Evidence!.BindingId, id])),
        };
    }

    /// <summary>The study's family for Bonferroni: every non-default binding of the framework in the design that trains the model.</summary>
    private static int FamilySize(OracleRegistry registry, IBindingOracle oracle, PlannedModel model) =>
        Math.Max(1, registry.Oracles.Count(o => !o.Binding.IsDefault && o.Binding.Framework == oracle.Binding.Framework
                                                 && o.Capabilities.WhyCannotTrain(o.Binding.Id, model.Spec) is null));
}
