using BindingConformance.Cells;

namespace BindingConformance.Kinds.Evaluation;

/// <summary>A file one binding saved, loaded by another binding (of the same framework, or in a framework's own format), predicts exactly what its writer's trained model did.</summary>
public sealed class CrossLoadKind : CellKind
{
    private CrossLoadKind() { }

    public static CrossLoadKind Instance { get; } = new();

    public override string Name => "cross-load";
    public override CellRole Role => CellRole.Verdict;
    public override SubjectAxis Subject => SubjectAxis.Model;
    public override TrainingNeed Training => TrainingNeed.Source;
    public override ReferenceRole Reference => ReferenceRole.Source;
    public override int Order => 40;
    public override string Summary =>
        "Every saved file is loaded by every binding that declares its format, on every device: the writer's correct count exactly, every logit within 1e-4, every pass alike.";
    public override ICellExecutor Executor => LoadCells.Instance;
    public override IBundleWriter Bundles { get; } = new ForwardBundles();
}
