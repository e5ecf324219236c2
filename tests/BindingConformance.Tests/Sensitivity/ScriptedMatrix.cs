using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Tests.Runs;

namespace BindingConformance.Tests.Sensitivity;

/// <summary>Scripted bindings for sensitivity harness tests: a port, its framework's reference, ONNX Runtime and an unrelated binding.</summary>
internal static class ScriptedMatrix
{
    public static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);
    public static readonly BindingDescriptor Reference = new("reference-python", "pytorch", "python", IsDefault: true);
    public static readonly BindingDescriptor Onnx = new("onnx-scripted", "onnx", "csharp", IsDefault: false);
    public static readonly BindingDescriptor Foreign = new("foreign-js", "tensorflow", "javascript", IsDefault: false);

    private static readonly OracleCapabilities Trains = new(true, [ModelZoo.LeNet1, ModelZoo.LeNet5],
        [ModelFormat.Safetensors, ModelFormat.TorchSharp], [ModelFormat.Safetensors, ModelFormat.TorchSharp]);

    private static readonly OracleCapabilities LoadsSafetensors = new(false, [], [], [ModelFormat.Safetensors]);

    /// <summary>A binding that learns (0.95) and writes a small file for every export asked for, as a real binding does.</summary>
    public static ScriptedOracle Trainer(BindingDescriptor binding, BindingAvailability? availability = null) =>
        new(binding, Trains, availability)
        {
            Train = request =>
            {
                foreach (var export in request.Exports) File.WriteAllText(export.Path, $"{binding.Id} seed {request.Seed}");
                return ScriptedOracle.Learned(request, 0.95);
            },
        };

    public static ScriptedOracle Loader(BindingDescriptor binding) => new(binding, LoadsSafetensors);
}
