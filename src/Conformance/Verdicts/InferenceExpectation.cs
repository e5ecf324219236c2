using BindingConformance.Oracles;

namespace BindingConformance.Verdicts;

/// <summary>
/// What an evaluation of a source binding's model must reproduce: the number of examples, the correct count and
/// the logits. Taken from the trained model in memory when the binding reports its final test logits, so a
/// cross-binding cell blames the binding whose behaviour changed (a source whose own loader misbehaves does not
/// drag down every binding that loads its file correctly); else from the source's own evaluation of its file.
/// </summary>
/// <param name="Origin">Where the expectation comes from, for reports: <c>torchsharp's trained model</c>.</param>
public sealed record InferenceExpectation(int Count, int Correct, float[] Logits, string Origin)
{
    /// <summary>The trained in-memory model's predictions, or null when the binding does not report its final logits.</summary>
    public static InferenceExpectation? FromTraining(TrainResult run, int testCount, int classes, string bindingId)
    {
        if (run.FinalTestLogits is not { } logits || logits.Length != testCount * classes) return null;
        return new InferenceExpectation(testCount, (int)Math.Round(run.FinalTestAccuracy * testCount), logits, $"{bindingId}'s trained model in memory");
    }

    public static InferenceExpectation FromEvaluation(EvaluateResult own, string bindingId) =>
        new(own.Count, own.CorrectPerPass[0], own.Logits, $"{bindingId}'s evaluation of its own file");
}
