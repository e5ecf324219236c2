using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.Planned;
using BindingConformance.Oracles.PythonTorch;
using BindingConformance.Oracles.Tfjs;
using BindingConformance.Oracles.TorchSharp;

namespace BindingConformance.Oracles;

/// <summary>Every binding in the design, in report order: runnable adapters first, then the planned ones.</summary>
public sealed class DefaultOracleRegistry() : OracleRegistry(CreateOracles())
{
    private static IEnumerable<IBindingOracle> CreateOracles() =>
    [
        // One libtorch thread: with two, TorchSharp 0.107 (libtorch 2.10) intermittently produces NaN
        // gradients in LeNet-1's first convolution (README, "Findings"). Python gets one too, so that
        // the time-cost cells compare the two PyTorch bindings at the same parallelism.
        new TorchSharpOracle(threads: 1),
        new PythonTorchOracle(threads: 1),
        new TfjsOracle(),
        new OnnxRuntimeOracle(),
        new TensorFlowPythonOracle(),
        new TensorFlowNetOracle(),
        RustWorkerOracle.TchRs(),
        RustWorkerOracle.TensorFlowRust(),
    ];
}
