using BindingConformance;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;

namespace PyTorchFamily.Conformance;

/// <summary>Does each binding's saved model, loaded back by that binding, give the predictions of the model it trained?</summary>
public class OwnFileConformance
{
    [ConformanceTheory(Kind = "own")]
    [Models(ModelZoo.LeNet1, ModelZoo.LeNet5)]
    [Bindings("pytorch-python", "torchsharp", "tch-rs")]
    [Devices(Device.Cpu, Device.Cuda)]
    public async Task OwnFile(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
