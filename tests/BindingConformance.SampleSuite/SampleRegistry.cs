using BindingConformance.Oracles;

namespace BindingConformance.SampleSuite;

/// <summary>
/// Bindings covering each way a cell can end: pytorch (the reference), torchsharp (identical, CPU only,
/// no LeNet1, eager and traced execution modes), shifted (curves 0.1 higher), slow (identical curves, 3× the time), onnxruntime
/// (inference-only) and missing (not installed).
/// </summary>
public sealed class SampleRegistry : OracleRegistry
{
    public SampleRegistry()
        : base(
        [
            Oracle("pytorch", "python", isDefault: true, models: ["LeNet1", "LeNet5"], saves: [ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted]),
            Oracle("torchsharp", "csharp", isDefault: false, models: ["LeNet5"], saves: [ModelFormat.TorchScriptTraced], modes: [ExecutionMode.Eager, ExecutionMode.Traced]),
            Oracle("shifted", "csharp", isDefault: false, models: ["LeNet5"], saves: [], curveShift: 0.1),
            Oracle("slow", "csharp", isDefault: false, models: ["LeNet5"], saves: [], secondsScale: 3),
            new InMemoryOracle(
                new BindingDescriptor("onnxruntime", "pytorch", "csharp", false),
                new OracleCapabilities(false, [], [], [ModelFormat.Onnx]),
                BindingAvailability.Present(new BindingDescriptor("onnxruntime", "pytorch", "csharp", false), "1.0", [Device.Cpu])),
            new InMemoryOracle(
                new BindingDescriptor("missing", "pytorch", "rust", false),
                new OracleCapabilities(true, ["LeNet5"], [], []),
                BindingAvailability.Absent(new BindingDescriptor("missing", "pytorch", "rust", false), "libtorch_missing.so not found", "install it")),
        ])
    {
    }

    private static InMemoryOracle Oracle(
        string id, string language, bool isDefault, string[] models, ModelFormat[] saves, double curveShift = 0, double secondsScale = 1,
        string[]? modes = null)
    {
        var binding = new BindingDescriptor(id, "pytorch", language, isDefault);
        return new InMemoryOracle(
            binding,
            new OracleCapabilities(true, models, saves, saves) { ExecutionModes = modes ?? [] },
            BindingAvailability.Present(binding, "1.0", [Device.Cpu]),
            curveShift,
            secondsScale);
    }
}
