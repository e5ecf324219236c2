using BindingConformance.Cells;

namespace BindingConformance.Kinds.Training;

/// <summary>
/// A binding trains a model: it reaches the tier's minimum accuracy, reproduces its own first epoch, and follows its
/// reference's trajectory (exactly where one engine, else by the study's statistics) (docs/verdicts.md).
/// </summary>
public sealed class TrainingKind : CellKind
{
    private TrainingKind() { }

    public static TrainingKind Instance { get; } = new();

    public override string Name => "training";
    public override CellRole Role => CellRole.Verdict;
    public override SubjectAxis Subject => SubjectAxis.Model;
    public override TrainingNeed Training => TrainingNeed.Binding;
    public override ReferenceRole Reference => ReferenceRole.Compared;
    public override int Order => 10;
    public override string Summary =>
        "Each binding trains the model with the shared data, seeds and batch order: minimum accuracy, its own first epoch reproduced, " +
        "and its trajectory against the reference (exact where the identity probe finds one engine, else DTW and Mann-Whitney).";
    public override ICellExecutor Executor => TrainingCells.Instance;
    public override IBundleWriter Bundles { get; } = new TrainingBundles();
}
