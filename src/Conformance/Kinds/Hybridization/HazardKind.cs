using BindingConformance.Cells;

namespace BindingConformance.Kinds.Hybridization;

/// <summary>
/// A graph mode against eager in the same binding on a hazard probe: equal, the hazard category of a divergence, or
/// incompatible; the cell passes when that matches the approved behaviour, and a hazard-free control must be equal
/// (docs/hybridization.md).
/// </summary>
public sealed class HazardKind : CellKind
{
    private HazardKind() { }

    public static HazardKind Instance { get; } = new();

    public override string Name => "hybridization";
    public override CellRole Role => CellRole.Verdict;
    public override SubjectAxis Subject => SubjectAxis.Probe;
    public override TrainingNeed Training => TrainingNeed.None;
    public override ReferenceRole Reference => ReferenceRole.Eager;
    public override int Order => 10;
    public override string Summary =>
        "Each hazard probe in each graph mode against eager in the same binding: equal, a divergence in the probe's hazard category (silent when the " +
        "binding said nothing), or incompatible; held to the approved behaviour, and controls must be equal.";
    public override ICellExecutor Executor { get; } = new HazardCells();
    public override IBundleWriter Bundles { get; } = new ProbeBundles();
}
