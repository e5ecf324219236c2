namespace BindingConformance.Oracles;

/// <summary>The snake-case names formats have in the worker protocol and in reports (<c>torchscript_traced</c>).</summary>
public static class ModelFormatNames
{
    public static string WireName(this ModelFormat format) => format switch
    {
        ModelFormat.TorchSharp => "torchsharp",
        ModelFormat.Safetensors => "safetensors",
        ModelFormat.TorchScriptTraced => "torchscript_traced",
        ModelFormat.TorchScriptScripted => "torchscript_scripted",
        ModelFormat.Onnx => "onnx",
        ModelFormat.TfjsLayers => "tfjs_layers",
        ModelFormat.PytorchStateDict => "pytorch_state_dict",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The format whose <see cref="WireName"/> is <paramref name="name"/>; unknown names throw listing the known ones.</summary>
    public static ModelFormat FromWireName(string name) =>
        Enum.GetValues<ModelFormat>().Where(f => f.WireName() == name).Cast<ModelFormat?>().FirstOrDefault()
        ?? throw new ArgumentException($"unknown model format '{name}'; known: {string.Join(", ", Enum.GetValues<ModelFormat>().Select(f => f.WireName()))}");
}
