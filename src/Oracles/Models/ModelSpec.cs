using System.Text.Json.Serialization;

namespace BindingConformance.Oracles.Models;

/// <summary>
/// A binding-neutral model: the same layers, loss (cross-entropy on logits), optimizer and
/// hyperparameters in every binding. Serialized as JSON to worker processes.
/// </summary>
/// <param name="InputShape">Shape of one example without the batch axis, e.g. [1, 28, 28].</param>
public sealed record ModelSpec(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("input_shape")] IReadOnlyList<int> InputShape,
    [property: JsonPropertyName("classes")] int Classes,
    [property: JsonPropertyName("layers")] IReadOnlyList<LayerSpec> Layers,
    [property: JsonPropertyName("optimizer")] OptimizerSpec Optimizer)
{
    /// <summary>
    /// The layer a state-dict entry belongs to: the one whose name prefixes it (<c>{layer}.…</c>, <see cref="LayerSpec.Name"/>),
    /// the longest such; null for a name of no layer.
    /// </summary>
    public LayerSpec? LayerOf(string parameter) =>
        Layers.Where(l => parameter.StartsWith(l.Name + ".", StringComparison.Ordinal)).MaxBy(l => l.Name.Length);
}
