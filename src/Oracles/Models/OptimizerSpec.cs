using System.Text.Json.Serialization;

namespace BindingConformance.Oracles.Models;

/// <summary>The optimizer every binding uses for a model: <c>sgd</c> (with momentum) or <c>adam</c>.</summary>
public sealed record OptimizerSpec(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("learning_rate")] double LearningRate,
    [property: JsonPropertyName("momentum")] double Momentum = 0);
