using BindingConformance.Cells;

namespace BindingConformance.Kinds.Evaluation;

/// <summary>safetensors weights moved into another framework (with layout conversion) keep every prediction and logit.</summary>
public sealed class WeightTransferKind : CellKind
{
    private WeightTransferKind() { }

    public static WeightTransferKind Instance { get; } = new();

    public override string Name => "weight-transfer";
    public override CellRole Role => CellRole.Verdict;
    public override SubjectAxis Subject => SubjectAxis.Model;
    public override TrainingNeed Training => TrainingNeed.Source;
    public override ReferenceRole Reference => ReferenceRole.Source;
    public override int Order => 50;
    public override string Summary => "safetensors weights saved by one framework's binding and loaded by another framework's must keep the correct count and every logit.";
    public override ICellExecutor Executor => LoadCells.Instance;
    public override IBundleWriter Bundles { get; } = new ForwardBundles();
}
