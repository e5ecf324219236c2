using BindingConformance.Statistics;

namespace BindingConformance.SampleSuite;

public class TrainingTheories
{
    [ConformanceTheory]
    [Models("LeNet5", "LeNet1")]
    [Bindings("torchsharp", "shifted", "onnxruntime", "missing")]
    [Devices("cpu", "cuda")]
    public async Task Training(ConformanceCell cell)
    {
        var measured = TrainingRuns.From(await SampleRuns.TrainAsync(cell.Oracle, cell));
        var reference = TrainingRuns.From(await SampleRuns.TrainAsync(cell.ReferenceOracle, cell));

        measured.Should().HaveCurvesWithinDtwOf(reference, bound: 0.02);
    }

    [ConformanceTheory]
    [Models("LeNet5")]
    [Bindings("torchsharp", "shifted")]
    public async Task FinalAccuracy(ConformanceCell cell)
    {
        var measured = TrainingRuns.From(await SampleRuns.TrainAsync(cell.Oracle, cell));
        var reference = TrainingRuns.From(await SampleRuns.TrainAsync(cell.ReferenceOracle, cell));

        measured.Should().HaveAccuraciesNotSignificantlyDifferentFrom(reference, alpha: 0.05);
    }

    /// <summary>As <see cref="FinalAccuracy"/>, as one of ten comparisons sharing α = 0.05.</summary>
    [ConformanceTheory]
    [Models("LeNet5")]
    [Bindings("torchsharp", "shifted")]
    public async Task FinalAccuracyAmongTen(ConformanceCell cell)
    {
        var measured = TrainingRuns.From(await SampleRuns.TrainAsync(cell.Oracle, cell));
        var reference = TrainingRuns.From(await SampleRuns.TrainAsync(cell.ReferenceOracle, cell));

        measured.Should().HaveAccuraciesNotSignificantlyDifferentFrom(reference, alpha: 0.05, family: new ComparisonFamily("pytorch-LeNet5", 10));
    }

    [ConformanceTheory]
    [Models("LeNet5")]
    [Bindings("torchsharp", "slow")]
    public async Task TrainingTime(ConformanceCell cell)
    {
        var measured = TrainingRuns.From(await SampleRuns.TrainAsync(cell.Oracle, cell));
        var reference = TrainingRuns.From(await SampleRuns.TrainAsync(cell.ReferenceOracle, cell));

        measured.Should().NotBeSlowerThan(reference, EffectMagnitude.Small);
    }
}
