using BindingConformance;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;

namespace PyTorchFamily.Conformance;

/// <summary>
/// Does each PyTorch-family binding's backward pass give Python PyTorch's gradients, parameter by parameter, for one
/// training step from the same weights on the same batch? A failure names the first layer, from the loss back, that parts.
/// </summary>
public class GradientConformance
{
    [ConformanceTheory(Kind = "gradient")]
    [Models(ModelZoo.LeNet1, ModelZoo.LeNet5)]
    [Bindings("torchsharp", "tch-rs")]
    [Devices(Device.Cpu, Device.Cuda)]
    public async Task Gradients(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
