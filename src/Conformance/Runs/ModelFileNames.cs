using BindingConformance.Oracles;

namespace BindingConformance.Runs;

/// <summary>Where a run keeps each exported model, so that a failing cell can be reproduced from the file.</summary>
public static class ModelFileNames
{
    public static string For(ModelFormat format) => format switch
    {
        ModelFormat.TorchSharp => "model.torchsharp.dat",
        ModelFormat.Safetensors => "model.safetensors",
        ModelFormat.TorchScriptTraced => "model.traced.pt",
        ModelFormat.TorchScriptScripted => "model.scripted.pt",
        ModelFormat.Onnx => "model.onnx",
        ModelFormat.TfjsLayers => "tfjs-layers",
        ModelFormat.PytorchStateDict => "model.pt",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
