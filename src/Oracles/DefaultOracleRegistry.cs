using BindingConformance.Oracles.InProcess;
using BindingConformance.Oracles.Planned;
using BindingConformance.Oracles.PythonTorch;
using BindingConformance.Oracles.Tfjs;

namespace BindingConformance.Oracles;

/// <summary>
/// Every binding in the design, in report order: runnable adapters first, then the planned ones. The in-process bindings come
/// from their own packages (<see cref="InProcessBindings"/>); an application without one reports that binding absent.
/// </summary>
public sealed class DefaultOracleRegistry() : OracleRegistry(CreateOracles())
{
    private static IEnumerable<IBindingOracle> CreateOracles() =>
    [
        InProcessBindings.CreateOracle(InProcessBindings.TorchSharp),
        // One thread, as TorchSharp's (TorchSharpEntry), so that the time-cost cells compare the two PyTorch bindings at
        // the same parallelism.
        new PythonTorchOracle(threads: 1),
        new TfjsOracle(),
        InProcessBindings.CreateOracle(InProcessBindings.OnnxRuntime),
        new TensorFlowPythonOracle(),
        new TensorFlowNetOracle(),
        RustWorkerOracle.TchRs(),
        RustWorkerOracle.TensorFlowRust(),
    ];
}
