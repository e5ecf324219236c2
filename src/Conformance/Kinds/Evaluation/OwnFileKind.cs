using BindingConformance.Cells;

namespace BindingConformance.Kinds.Evaluation;

/// <summary>A binding's own saved file, loaded back by that binding, reproduces its trained model's predictions (docs/verdicts.md).</summary>
public sealed class OwnFileKind : CellKind
{
    private OwnFileKind() { }

    public static OwnFileKind Instance { get; } = new();

    public override string Name => "own";
    public override CellRole Role => CellRole.Verdict;
    public override SubjectAxis Subject => SubjectAxis.Model;
    public override TrainingNeed Training => TrainingNeed.Binding;
    public override ReferenceRole Reference => ReferenceRole.Itself;
    public override int Order => 20;
    public override string Summary => "Each binding loads the file it saved and must give its trained model's correct count and logits on every pass.";
    public override ICellExecutor Executor { get; } = new OwnFileCells();
    public override IBundleWriter Bundles { get; } = new ForwardBundles();
}
