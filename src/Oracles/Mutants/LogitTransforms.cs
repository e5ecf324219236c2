namespace BindingConformance.Oracles.Mutants;

/// <summary>
/// The one place where mutants change logits: every pass's logits of an evaluation, and the trained model's final
/// test logits, so that a logit bug is seen wherever the results carry logits.
/// </summary>
internal static class LogitTransforms
{
    /// <summary>Maps each pass's logits; <paramref name="map"/> gets the pass index.</summary>
    public static EvaluateResult Map(EvaluateResult result, Func<float[], int, float[]> map) =>
        result with { PassLogits = result.PassLogits.Select(map).ToArray() };

    public static TrainResult Map(TrainResult result, Func<float[], float[]> map) =>
        result.FinalTestLogits is null ? result : result with { FinalTestLogits = map(result.FinalTestLogits) };
}
