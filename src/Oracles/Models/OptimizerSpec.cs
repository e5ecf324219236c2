using System.Text.Json.Serialization;

namespace BindingConformance.Oracles.Models;

/// <summary>
/// The optimizer every binding uses for a model: <c>sgd</c> (with momentum) or <c>adam</c>. Adam's moment decays and
/// epsilon are stated, not left to each binding's defaults (TensorFlow's epsilon is 1e-7, PyTorch's 1e-8).
/// </summary>
public sealed record OptimizerSpec(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("learning_rate")] double LearningRate,
    [property: JsonPropertyName("momentum")] double Momentum = 0)
{
    /// <summary>Adam's first-moment decay (PyTorch's default).</summary>
    [JsonPropertyName("beta1")]
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's second-moment decay (PyTorch's default).</summary>
    [JsonPropertyName("beta2")]
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's epsilon, added to the second moment's square root (PyTorch's default).</summary>
    [JsonPropertyName("eps")]
    public double Epsilon { get; init; } = 1e-8;
}
