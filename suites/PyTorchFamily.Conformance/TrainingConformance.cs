using BindingConformance;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Snapshots;

namespace PyTorchFamily.Conformance;

/// <summary>Does a model trained in each PyTorch-family binding learn like one trained in Python PyTorch?</summary>
public class TrainingConformance
{
    [ConformanceTheory(Kind = "training")]
    [Models(ModelZoo.LeNet1, ModelZoo.LeNet5)]
    [Bindings("torchsharp", "tch-rs")]
    [Devices(Device.Cpu, Device.Cuda)]
    public async Task Training(ConformanceCell cell)
    {
        (await cell.RunAsync()).Should().Pass();
        new CellRecord(await cell.TrainingRunsAsync(), null, EnvironmentFingerprint.Of(cell)).Should().MatchApprovedSnapshot();
    }
}
