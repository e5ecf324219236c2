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

    public static ModelFormat Parse(string wireName) =>
        Enum.GetValues<ModelFormat>().FirstOrDefault(f => f.WireName() == wireName, (ModelFormat)(-1)) is var f && Enum.IsDefined(f)
            ? f
            : throw new ArgumentException($"unknown model format '{wireName}'; known: {string.Join(", ", Enum.GetValues<ModelFormat>().Select(WireName))}");
}
