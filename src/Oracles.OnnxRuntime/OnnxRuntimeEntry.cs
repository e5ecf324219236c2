using BindingConformance.Oracles.InProcess;

namespace BindingConformance.Oracles.OnnxRuntime;

/// <summary>The ONNX Runtime package's entry (<see cref="InProcessBindings.OnnxRuntime"/>).</summary>
public sealed class OnnxRuntimeEntry : IInProcessBindingEntry
{
    public IBindingOracle CreateOracle() => new OnnxRuntimeOracle();

    public IStateDictFiles? StateDictFiles => null;
}
