using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles;

/// <summary>
/// Intermediate outputs of one forward pass in evaluation mode, in execution order: one tensor per spec layer, named by
/// <see cref="Models.LayerSpec.Name"/> (the output after that layer), the last being the logits. A graph the binding
/// cannot look inside (an ONNX model in a runtime without intermediate outputs) gives its output alone, named
/// <see cref="OutputOnly"/>. Every tensor is F32 in PyTorch's layout (NCHW for images), so that bindings compare one
/// to one.
/// </summary>
public sealed record ActivationsResult(IReadOnlyList<NamedTensor> Layers)
{
    public const string OutputOnly = "output";

    /// <summary>The model's output: the last layer's tensor, [n, classes].</summary>
    public NamedTensor Logits => Layers[^1];

    /// <summary>True when the binding reported the output alone (<see cref="OutputOnly"/>), not every layer.</summary>
    public bool IsOutputOnly => Layers is [{ Name: OutputOnly }];

    /// <summary>
    /// Why these tensors are not an answer to <paramref name="request"/> (layer names and order, dtype, batch size, logits
    /// shape), or null: what the oracles check before handing a result on.
    /// </summary>
    public string? WhyNotAnswerTo(ActivationsRequest request)
    {
        var batch = request.Inputs.Shape[0];
        string[] names = [.. Layers.Select(l => l.Name)];
        string[] expected = [.. request.Model.Layers.Select(l => l.Name)];
        if (!names.SequenceEqual(expected) && !IsOutputOnly)
            return $"activations of {request.Model.Name} name [{string.Join(", ", names)}]; expected the spec layers [{string.Join(", ", expected)}] or '{OutputOnly}' alone";
        if (Layers.FirstOrDefault(l => l.Dtype != TensorDtype.F32 || l.Shape.Count == 0 || l.Shape[0] != batch) is { } bad)
            return $"activation '{bad.Name}' is {bad.Dtype} [{string.Join(", ", bad.Shape)}]; expected F32 [{batch}, …]";
        return Logits.Shape.SequenceEqual([batch, request.Model.Classes]) ? null
            : $"activations of {request.Model.Name} end in '{Logits.Name}' [{string.Join(", ", Logits.Shape)}]; the logits are [{batch}, {request.Model.Classes}]";
    }
}
