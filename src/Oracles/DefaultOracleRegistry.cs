using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.Planned;
using BindingConformance.Oracles.TorchSharp;
using BindingConformance.Oracles.Workers;

namespace BindingConformance.Oracles;

/// <summary>
/// Every binding in the design, in report order: the in-process adapters and the worker bindings of the manifests shipped
/// with the product (<see cref="ShippedManifests"/>), then any manifests a user adds, then the planned bindings. A manifest's
/// listed releases follow it, each a binding of its own.
/// </summary>
public sealed class DefaultOracleRegistry(IEnumerable<BindingManifest> added) : OracleRegistry(CreateOracles(added))
{
    public DefaultOracleRegistry() : this([]) { }

    private static IEnumerable<IBindingOracle> CreateOracles(IEnumerable<BindingManifest> added) =>
    [
        // One libtorch thread: with two, TorchSharp 0.107 (libtorch 2.10) intermittently produces NaN
        // gradients in LeNet-1's first convolution (README, "Findings"). A worker's manifest sets its own count.
        new TorchSharpOracle(threads: 1),
        .. ShippedManifests.Read().Concat(added).SelectMany(WorkerOracle.Of),
        new OnnxRuntimeOracle(),
        new TensorFlowPythonOracle(),
        new TensorFlowNetOracle(),
        RustWorkerOracle.TchRs(),
        RustWorkerOracle.TensorFlowRust(),
    ];

}
