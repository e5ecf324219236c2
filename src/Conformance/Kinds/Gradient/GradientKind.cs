using BindingConformance.Cells;

namespace BindingConformance.Kinds.Gradient;

/// <summary>
/// A binding's backward pass: every parameter's gradient of one training step from the reference's weights on the same
/// batch agrees with its framework's default binding's, and a failing cell names the first layer, from the loss back,
/// whose gradient parts (docs/verdicts.md, "Gradient cells").
/// </summary>
public sealed class GradientKind : CellKind
{
    private GradientKind() { }

    public static GradientKind Instance { get; } = new();

    public override string Name => "gradient";
    public override CellRole Role => CellRole.Verdict;
    public override SubjectAxis Subject => SubjectAxis.Model;
    public override TrainingNeed Training => TrainingNeed.Binding;
    public override ReferenceRole Reference => ReferenceRole.Compared;
    public override int Order => 15;
    public override string Summary =>
        "Each PyTorch-family binding's first training step from the reference's weights on the same batch (the identity probe's): " +
        "every parameter's gradient against the reference's, relative in L2 norm, naming the first layer that parts from the loss back.";
    public override ICellExecutor Executor => GradientCells.Instance;
}
