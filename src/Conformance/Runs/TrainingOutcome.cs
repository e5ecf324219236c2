using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>A binding's training of one model on one device: its runs and exported files, or why there are none.</summary>
/// <param name="Trained">The runs and exported files; null when training was skipped or failed.</param>
public sealed record TrainingOutcome(TrainedModel? Trained, TrainingEvidence? Evidence)
{
    /// <summary>Why the binding did not train here (an absent binding or device, a model it lacks, the tier's choice).</summary>
    public string? Skip { get; init; }

    /// <summary>Why training failed (the binding's error).</summary>
    public string? Error { get; init; }

    /// <summary>Every run was recalled from the run cache (<see cref="RunPlan.Cache"/>) rather than trained by this run.</summary>
    public bool Recalled { get; init; }

    /// <summary>Seeds that finished before a failure.</summary>
    public int CompletedSeeds { get; init; }

    /// <summary>Why there are no runs, or null when there are.</summary>
    public string? WhyNot => Skip ?? Error;

    public static TrainingOutcome Skipped(string why) => new(null, null) { Skip = why };

    public static TrainingOutcome Failed(string why, int completedSeeds) => new(null, null) { Error = why, CompletedSeeds = completedSeeds };
}
