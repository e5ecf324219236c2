namespace BindingConformance.Replication;

/// <summary>
/// One training run of the study, identified by the file suffix (<c>_0</c> … <c>_4</c>) that every binding used
/// for the same seed. A value the binding did not record is null.
/// </summary>
public sealed record SeedRun(int Index, double? TrainingSeconds, IReadOnlyList<double>? TrainingAccuracy, double? FinalTestAccuracy);
