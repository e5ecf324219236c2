using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles;

/// <summary>
/// Intermediate outputs of one forward pass in evaluation mode, in execution order: one tensor per spec layer, named by
/// <see cref="Models.LayerSpec.Name"/> (the output after that layer), the last being the logits. A graph the binding
/// cannot look inside (an ONNX model in a runtime without intermediate outputs) gives its output alone, named
/// <see cref="OutputOnly"/>.
/// </summary>
public sealed record ActivationsResult(IReadOnlyList<NamedTensor> Layers)
{
    public const string OutputOnly = "output";
}
