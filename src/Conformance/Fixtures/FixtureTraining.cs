using System.Text.Json.Serialization;

namespace BindingConformance.Fixtures;

/// <summary>
/// How a fixture's weights were trained: on the first <see cref="TrainCount"/> MNIST training digits in the
/// shared batch order of <see cref="Seed"/>. Far below the smoke tier, because pure-JS TensorFlow.js trains
/// LeNet-5 at about a minute per 1,000 digits per epoch and a fixture only needs mostly-right predictions.
/// </summary>
public sealed record FixtureTraining(
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("train_count")] int TrainCount,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("batch_size")] int BatchSize)
{
    public static FixtureTraining Default { get; } = new(Seed: 1, TrainCount: 1000, Epochs: 2, BatchSize: 32);
}
