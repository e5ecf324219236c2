using BindingConformance.Cells;

namespace BindingConformance.Kinds.Hybridization;

/// <summary>A graph mode's inference times against eager's on a probe: faster, same or slower (Holm over the run's cells); a measurement.</summary>
public sealed class GraphTimeKind : CellKind
{
    private GraphTimeKind() { }

    public static GraphTimeKind Instance { get; } = new();

    public override string Name => "hybridization-time";
    public override CellRole Role => CellRole.Measurement;
    public override SubjectAxis Subject => SubjectAxis.Probe;
    public override TrainingNeed Training => TrainingNeed.None;
    public override ReferenceRole Reference => ReferenceRole.Eager;
    public override int Order => 30;
    public override string Summary =>
        "Each graph mode's timed passes against eager's: faster, same or slower beyond 5 % (one-sided Mann-Whitney U, Holm over every hypothesis of the " +
        "run's hybridization-time cells); slower is a performance-regression finding, never a failure.";
    public override ICellExecutor Executor { get; } = new GraphTimeCells(r => r.PassSeconds, trainingStep: false);
}
