using BindingConformance;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Snapshots;

namespace PyTorchFamily.Conformance;

/// <summary>Does a model trained in each PyTorch-family binding learn like one trained in Python PyTorch?</summary>
public class TrainingConformance
{
    /// <summary>The study's family: every non-default binding of the framework compared for one model.</summary>
    private const int BindingsCompared = 2;

    [ConformanceTheory]
    [Models(ModelZoo.LeNet1, ModelZoo.LeNet5)]
    [Bindings("torchsharp", "tch-rs")]
    [Devices(Device.Cpu, Device.Cuda)]
    public async Task Training(ConformanceCell cell)
    {
        var runs = await SmokeTraining.RunAsync(cell);
        var reference = await SmokeTraining.ReferenceRunAsync(cell);

        runs.Should().HaveCurvesWithinDtwOf(reference, bound: 0.02)
            .And.HaveAccuraciesNotSignificantlyDifferentFrom(reference, alpha: 0.05, family: new ComparisonFamily($"pytorch-{cell.Model}", BindingsCompared));
        new CellRecord(runs, null, EnvironmentFingerprint.Of(cell)).Should().MatchApprovedSnapshot();
    }
}
