using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.Planned;
using BindingConformance.Oracles.PythonTorch;
using BindingConformance.Oracles.Tfjs;

namespace BindingConformance.Oracles;

/// <summary>Every binding in the design, in report order: runnable adapters first, then the planned ones.</summary>
public sealed class DefaultOracleRegistry() : OracleRegistry(CreateOracles())
{
    private static IEnumerable<IBindingOracle> CreateOracles() =>
    [
        new PythonTorchOracle(),
        new TfjsOracle(),
        new OnnxRuntimeOracle(),
        new TensorFlowPythonOracle(),
        new TensorFlowNetOracle(),
        RustWorkerOracle.TchRs(),
        RustWorkerOracle.TensorFlowRust(),
    ];
}
