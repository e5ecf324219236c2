using BindingConformance;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;

namespace PyTorchFamily.Conformance;

/// <summary>Do Python PyTorch's weights, moved into another framework through safetensors, keep every logit?</summary>
public class WeightTransferConformance
{
    [ConformanceTheory(Kind = "weight-transfer")]
    [Models(ModelZoo.LeNet1, ModelZoo.LeNet5)]
    [Bindings("tfjs", "tensorflow-net")]
    [Devices(Device.Cpu, Device.Cuda)]
    [Formats("safetensors")]
    [ReferenceBinding("pytorch-python")]
    public async Task IntoTensorFlow(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
