using BindingConformance.Cells;

namespace BindingConformance.Kinds.Hybridization;

/// <summary>A graph mode's training-step times against eager's on a control the plan trains, judged as <see cref="GraphTimeKind"/>; a measurement.</summary>
public sealed class GraphTrainingTimeKind : CellKind
{
    private GraphTrainingTimeKind() { }

    public static GraphTrainingTimeKind Instance { get; } = new();

    public override string Name => "hybridization-training-time";
    public override CellRole Role => CellRole.Measurement;
    public override SubjectAxis Subject => SubjectAxis.Probe;
    public override TrainingNeed Training => TrainingNeed.None;
    public override ReferenceRole Reference => ReferenceRole.Eager;
    public override int Order => 40;
    public override string Summary =>
        "Each graph mode's training steps (SGD on the first case) of the controls the plan trains against eager's, judged as hybridization-time " +
        "(Holm over the run's hybridization-training-time cells); a measurement.";
    public override ICellExecutor Executor { get; } = new GraphTimeCells(r => r.TrainingPassSeconds, trainingStep: true);
}
