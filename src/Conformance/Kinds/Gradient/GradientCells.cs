using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Runs;
using BindingConformance.Verdicts;

namespace BindingConformance.Kinds.Gradient;

/// <summary>
/// The gradient cells: every binding (references first) on every device against the binding its training is compared with, judged by
/// <see cref="GradientVerdict"/> on the identity probe's steps, which the training cell shares (<see cref="IdentityProbe.SharedAsync"/>).
/// A default binding (the reference itself), another framework's binding or one without the probe is a skip with its reason.
/// </summary>
public sealed class GradientCells : ComparedBindingCells
{
    private GradientCells() { }

    public static GradientCells Instance { get; } = new();

    protected override CellKind Kind => GradientKind.Instance;

    protected override async Task<CellResult> JudgeAsync(CellEngine engine, PlannedModel model, IBindingOracle oracle, string device, string? declaredReference,
        CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var key = new CellKey(GradientKind.Instance, model.Spec.Name, id, device);
        if ((engine.WhyAbsent(oracle, device) ?? oracle.Capabilities.WhyCannotTrain(id, model.Spec) ?? model.TrainingSkips.GetValueOrDefault(id)) is { } skip)
            return CellResult.Skipped(key, skip);
        var (reference, noReference) = await CellReferences.ComparedAsync(engine, model, oracle, device, declaredReference, cancellationToken);
        if (noReference is not null) return CellResult.Skipped(key, noReference);
        if (reference is null)
            return CellResult.Skipped(key, oracle.Binding.IsDefault
                ? $"{id} is its framework's default binding: the gradients of the others are compared with its own"
                : $"no default binding trained {model.Spec.Name} on {device} to compare {id}'s gradients with");

        var referenceId = reference.Evidence!.BindingId;
        var steps = await IdentityProbe.SharedAsync(engine, model, oracle, reference.Trained!, device, cancellationToken);
        if (steps.WhyNotRun is { } whyNot) return CellResult.Skipped(key, whyNot);
        if (steps.Expected is null || steps.Actual is null) return CellResult.Failed(key, steps.Error ?? "the training-step probe gave no answer");

        var (verdict, first) = GradientVerdict.Judge(model.Spec, steps.Expected, steps.Actual, id, referenceId, engine.Plan.Rules);
        return CellResult.Judged(key, verdict) with
        {
            Reference = referenceId,
            FirstDivergence = first,
            Repro = new CellRepro(ReproduceLine.For(model, device, referenceId, id)),
        };
    }
}
