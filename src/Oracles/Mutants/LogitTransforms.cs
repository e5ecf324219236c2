namespace BindingConformance.Oracles.Mutants;

/// <summary>
/// The one place where mutants change logits. Results carry the first timed pass's logits today; when
/// <see cref="EvaluateResult"/> gains per-pass logits and <see cref="TrainResult"/> its final test logits,
/// map them here as well, and every logit mutant covers them.
/// </summary>
internal static class LogitTransforms
{
    public static EvaluateResult Map(EvaluateResult result, Func<float[], float[]> map) => result with { Logits = map(result.Logits) };
}
