namespace BindingConformance.Oracles.Models;

/// <summary>
/// A model at a tier: the spec (with its optimizer), epochs and batch size, and the dataset subset
/// (null = the whole split) to pass to <c>DatasetCatalog.Get</c>.
/// </summary>
public sealed record ModelPlan(ModelSpec Model, TrainingSettings Settings, int? TrainCount, int? TestCount);
