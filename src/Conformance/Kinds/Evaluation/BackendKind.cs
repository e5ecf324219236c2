using BindingConformance.Cells;

namespace BindingConformance.Kinds.Evaluation;

/// <summary>A binding's own file on one of its alternate inference backends reproduces its trained model (TensorFlow.js: wasm beside cpu).</summary>
public sealed class BackendKind : CellKind
{
    private BackendKind() { }

    public static BackendKind Instance { get; } = new();

    public override string Name => "backend";
    public override CellRole Role => CellRole.Verdict;
    public override SubjectAxis Subject => SubjectAxis.Model;
    public override TrainingNeed Training => TrainingNeed.Binding;
    public override ReferenceRole Reference => ReferenceRole.Itself;
    public override int Order => 30;
    public override string Summary => "Each binding's own file on each alternate inference backend it declares must predict what its trained model predicts.";
    public override ICellExecutor Executor { get; } = new BackendCells();
    public override IBundleWriter Bundles { get; } = new ForwardBundles();
}
