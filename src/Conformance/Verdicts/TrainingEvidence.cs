using BindingConformance.Oracles;

namespace BindingConformance.Verdicts;

/// <summary>A binding's training runs of one model on one device, one per seed, and the first seed's first epoch trained again.</summary>
/// <param name="Repeat">The first seed's first epoch trained a second time (the determinism probe), or null when not probed.</param>
public sealed record TrainingEvidence(string BindingId, string Device, IReadOnlyList<int> Seeds, IReadOnlyList<TrainResult> Runs, TrainResult? Repeat)
{
    public TrainingRuns Statistics => TrainingRuns.From(Runs);

    public bool ReportsStepLosses => Runs.All(r => r.StepLosses.Count > 0);
}
