using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;

namespace BindingConformance.SampleSuite;

/// <summary>
/// Bindings for the engine's front-end comparison: pytorch (reference), port (conforming), drifting (step losses off
/// by 1 %), scaling (its loader doubles every logit), and js (another framework that loads safetensors weights and builds every
/// layer kind but relu, so a model of the user's own with a relu is its skip).
/// </summary>
public sealed class EngineRegistry() : OracleRegistry(
[
    new ConsistentOracle(new("pytorch", "pytorch", "python", true), Trains),
    new ConsistentOracle(new("port", "pytorch", "csharp", false), Trains),
    new ConsistentOracle(new("drifting", "pytorch", "csharp", false), Trains, lossDrift: 0.01),
    new ConsistentOracle(new("scaling", "pytorch", "csharp", false), Trains, logitScale: 2),
    new ConsistentOracle(new("js", "tensorflow", "javascript", false), new(false, [], [], [ModelFormat.Safetensors])
    {
        AlternateBackends = ["wasm"],
        LayerKinds = LayerKind.All.Where(k => k != LayerKind.Relu).ToArray(),
        AbsentLayerKinds = new Dictionary<string, string> { [LayerKind.Relu] = "this sample binding has no relu" },
    }),
])
{
    private static OracleCapabilities Trains { get; } =
        new(true, ["LeNet1"], [ModelFormat.Safetensors, ModelFormat.TorchSharp], [ModelFormat.Safetensors, ModelFormat.TorchSharp])
        {
            AlternateBackends = ["simd"],
            LayerKinds = LayerKind.All,
        };
}
