namespace BindingConformance.Oracles.Models;

/// <summary>
/// A model at a tier: the spec (with its optimizer), epochs and batch size, the dataset subset
/// (null = the whole split) to pass to <c>DatasetCatalog.Get</c>, and the final test accuracy every
/// binding must reach (null = the tier states none, because it was not measured).
/// </summary>
public sealed record ModelPlan(ModelSpec Model, TrainingSettings Settings, int? TrainCount, int? TestCount, double? MinimumTestAccuracy)
{
    /// <summary>This model's bounds where they differ from the verdict rules' defaults, calibrated on its clean runs.</summary>
    public TrainingBounds Bounds { get; init; } = TrainingBounds.Defaults;
}
