using BindingConformance;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Runs;

namespace PyTorchFamily.Conformance;

/// <summary>How fast each PyTorch-family binding trains and infers against Python PyTorch: a measurement, never a failure.</summary>
[Models(ModelZoo.LeNet1, ModelZoo.LeNet5)]
[Bindings("torchsharp", "tch-rs")]
[Devices(Device.Cpu, Device.Cuda)]
public class TimeCostConformance
{
    [ConformanceTheory(Kind = "training-time")]
    public async Task TrainingTime(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "inference-time")]
    public async Task InferenceTime(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
