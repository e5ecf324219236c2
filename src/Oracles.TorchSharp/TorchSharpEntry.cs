using BindingConformance.Oracles.InProcess;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>The TorchSharp package's entry (<see cref="InProcessBindings.TorchSharp"/>).</summary>
public sealed class TorchSharpEntry : IInProcessBindingEntry
{
    // One libtorch thread: with two, TorchSharp 0.107 (libtorch 2.10) intermittently produces NaN gradients in LeNet-1's
    // first convolution (README, "Findings").
    public IBindingOracle CreateOracle() => new TorchSharpOracle(threads: 1);

    public IStateDictFiles StateDictFiles { get; } = new TorchSharpStateDictFiles();
}
