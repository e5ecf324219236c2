using BindingConformance.Cells;

namespace BindingConformance.Kinds.Hybridization;

/// <summary>A binding's execution mode computes what the capturing binding's matching mode computes on a hazard probe, frozen branches included.</summary>
public sealed class ProbeConformanceKind : CellKind
{
    private ProbeConformanceKind() { }

    public static ProbeConformanceKind Instance { get; } = new();

    public override string Name => "hybridization-conformance";
    public override CellRole Role => CellRole.Verdict;
    public override SubjectAxis Subject => SubjectAxis.Probe;
    public override TrainingNeed Training => TrainingNeed.None;
    public override ReferenceRole Reference => ReferenceRole.Capturer;
    public override int Order => 20;
    public override string Summary => "Each mode of a binding against the capturing binding's matching mode: the same captures, outputs and side effects.";
    public override ICellExecutor Executor { get; } = new ProbeConformanceCells();
    public override IBundleWriter Bundles { get; } = new ProbeBundles();
}
