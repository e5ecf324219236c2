using System.Text.Json.Serialization;

namespace BindingConformance.Snapshots;

/// <summary>
/// What one cell measured, as stored in <c>{cell}.approved.json</c>: training runs and/or cross-loaded
/// inference counts, and the environment they were measured in.
/// </summary>
public sealed record CellRecord(
    [property: JsonPropertyName("training")] TrainingRuns? Training,
    [property: JsonPropertyName("correct_per_pass")] IReadOnlyList<int>? CorrectPerPass,
    [property: JsonPropertyName("environment")] EnvironmentFingerprint Environment);
