namespace BindingConformance.Oracles.Workers;

/// <summary>The names of <see cref="ModelFormat"/>s in worker requests (PROTOCOL.md).</summary>
public static class ModelFormatWireName
{
    public static string WireName(this ModelFormat format) => format switch
    {
        ModelFormat.TorchSharp => "torchsharp",
        ModelFormat.Safetensors => "safetensors",
        ModelFormat.TorchScriptTraced => "torchscript_traced",
        ModelFormat.TorchScriptScripted => "torchscript_scripted",
        ModelFormat.Onnx => "onnx",
        ModelFormat.TfjsLayers => "tfjs_layers",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "format has no wire name"),
    };
}
