using BindingConformance.Cells;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.TimeCost;

/// <summary>
/// The study's time-cost question (docs/verdicts.md): a binding's times against its framework's default binding on the
/// same device. A measurement, never a failure: a binding may be much faster or slower and conform.
/// </summary>
public abstract class TimeCostKind : CellKind
{
    public override CellRole Role => CellRole.Measurement;
    public override SubjectAxis Subject => SubjectAxis.Model;
    public override TrainingNeed Training => TrainingNeed.Binding;
    public override ReferenceRole Reference => ReferenceRole.Compared;
    public override string Section => $"{Name} (time cost)";
    public override ICellExecutor Executor => TimeCostCells.Instance;

    /// <summary>What the kind compares, in words: <c>training times</c>.</summary>
    public abstract string Quantity { get; }

    /// <summary>What one time sample is (<c>seeds</c>, <c>timed passes</c>).</summary>
    public abstract string Samples { get; }

    /// <summary>How to get enough samples for a rank test.</summary>
    public abstract string MoreSamples { get; }

    /// <summary>The binding's time samples on <paramref name="device"/>, or null and why it has none; recalled when they come from the run cache.</summary>
    public abstract Task<(IReadOnlyList<double>? Seconds, string? WhyNot, bool Recalled)> TimesAsync(CellEngine engine, PlannedModel model,
        Oracles.IBindingOracle oracle, string device, CancellationToken cancellationToken);
}
