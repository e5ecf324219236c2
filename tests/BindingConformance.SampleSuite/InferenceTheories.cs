namespace BindingConformance.SampleSuite;

public class InferenceTheories
{
    [ConformanceTheory(RequiresTraining = false)]
    [Models("LeNet5")]
    [Bindings("torchsharp", "onnxruntime", "shifted", "missing")]
    public async Task CrossLoadedInference(ConformanceCell cell)
    {
        var measured = await SampleRuns.EvaluateAsync(cell.Oracle, cell);
        var reference = await SampleRuns.EvaluateAsync(cell.ReferenceOracle, cell);

        measured.Should().BeStable().And.HaveSameCorrectPredictionsAs(reference);
    }
}
