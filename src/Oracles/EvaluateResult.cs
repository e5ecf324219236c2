namespace BindingConformance.Oracles;

/// <summary>Cross-loaded inference: correct predictions per pass (stability), logits, timings.</summary>
/// <param name="Count">Number of test examples evaluated.</param>
/// <param name="CorrectPerPass">Correct predictions of each timed pass.</param>
/// <param name="Logits">Row-major [Count, Classes] logits of the first timed pass; <see cref="PassLogits"/> replaces it when set.</param>
/// <param name="PassSeconds">Wall time of each timed pass.</param>
public sealed record EvaluateResult(
    int Count,
    int Classes,
    IReadOnlyList<int> CorrectPerPass,
    float[] Logits,
    IReadOnlyList<double> PassSeconds)
{
    // The one store of logits: Logits is PassLogits[0], so the two can never disagree.
    private readonly IReadOnlyList<float[]> passLogits = [Logits];

    /// <summary>Row-major [Count, Classes] logits of the first timed pass.</summary>
    public float[] Logits => PassLogits[0];

    /// <summary>
    /// Row-major [Count, Classes] logits of every timed pass, in order; only the first pass where the
    /// oracle reported no more (then it holds one entry however many passes ran).
    /// </summary>
    public IReadOnlyList<float[]> PassLogits
    {
        get => passLogits;
        init
        {
            if (value.Count == 0) throw new ArgumentException("an evaluation has the logits of at least one pass", nameof(PassLogits));
            passLogits = value;
        }
    }

    /// <summary>True when every pass gave the same number of correct predictions.</summary>
    public bool IsStable => CorrectPerPass.Distinct().Count() == 1;
}
