using System.Text.Json.Serialization;

namespace BindingConformance.Oracles.Models;

/// <summary>Epochs and batch size of one tier (<c>smoke</c> for CI, <c>paper</c> for the study's settings).</summary>
public sealed record TrainingSettings(
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("batch_size")] int BatchSize);
