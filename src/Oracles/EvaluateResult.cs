namespace BindingConformance.Oracles;

/// <summary>Cross-loaded inference: correct predictions per pass (stability), logits, timings.</summary>
/// <param name="Count">Number of test examples evaluated.</param>
/// <param name="CorrectPerPass">Correct predictions of each timed pass.</param>
/// <param name="Logits">Row-major [Count, Classes] logits of the first timed pass.</param>
/// <param name="PassSeconds">Wall time of each timed pass.</param>
public sealed record EvaluateResult(
    int Count,
    int Classes,
    IReadOnlyList<int> CorrectPerPass,
    float[] Logits,
    IReadOnlyList<double> PassSeconds)
{
    /// <summary>True when every pass gave the same number of correct predictions.</summary>
    public bool IsStable => CorrectPerPass.Distinct().Count() == 1;

    /// <summary>Row-major [Count, Classes] logits of every timed pass; empty when the binding reports only the first.</summary>
    public IReadOnlyList<float[]> PassLogits { get; init; } = [];
}
