namespace BindingConformance.Oracles.Models;

/// <summary>A layer of a spec that cannot take the shape its predecessor gives, naming the layer and the argument at fault.</summary>
/// <param name="Layer">Index of the layer in <see cref="ModelSpec.Layers"/>; -1 for the model's output (its classes).</param>
/// <param name="Argument">The argument that does not match, or null when the layer's kind cannot take that shape at all.</param>
/// <param name="Detail">What is wrong, without naming the layer (a spec file's reader names it by its place in the file).</param>
public sealed class ModelShapeException(int layer, LayerSpec? spec, string? argument, string detail)
    : ArgumentException(spec is null ? detail : $"layer '{spec.Name}' ({spec.Kind}){(argument is null ? "" : $" {argument}")}: {detail}")
{
    public int Layer { get; } = layer;

    public string? Argument { get; } = argument;

    public string Detail { get; } = detail;
}
