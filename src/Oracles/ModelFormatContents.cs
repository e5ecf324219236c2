namespace BindingConformance.Oracles;

/// <summary>What a saved file holds besides weights, which decides whether its loader must build the model from the spec.</summary>
public static class ModelFormatContents
{
    /// <summary>
    /// True for state dicts (weights by name): the loader builds the model from the spec and copies them in, so it must build every
    /// layer kind of the spec. TorchScript, ONNX and TensorFlow.js layers files carry their own graph.
    /// </summary>
    public static bool HoldsWeightsOnly(this ModelFormat format) => format is ModelFormat.Safetensors or ModelFormat.TorchSharp or ModelFormat.PytorchStateDict;
}
