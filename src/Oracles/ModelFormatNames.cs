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
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

}
