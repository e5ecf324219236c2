namespace BindingConformance.Verdicts;

/// <summary>
/// What the identity probe found: one forward pass, loss, backward pass and optimizer step on a fixed batch from the
/// same weights, in a binding and in its reference. Bit-identical results mean the two bindings run the same kernels,
/// so every seed's training trajectory must match exactly; a difference within rounding means a different but correct
/// engine (another libtorch build, another CPU's vector unit), judged statistically; more than that is a failure.
/// </summary>
/// <param name="MaxRelativeDifference">Largest relative difference over the loss, the logits and the weight update.</param>
/// <param name="Where">Which quantity differed most, e.g. <c>update of fc.weight</c>.</param>
public sealed record EngineIdentity(double MaxRelativeDifference, string Where)
{
    public bool BitIdentical => MaxRelativeDifference == 0;

    public RuleCheck Check(string bindingId, string referenceId, VerdictRules rules) =>
        RuleCheck.Of("identity-probe", MaxRelativeDifference <= rules.IdentityProbeRoundingTolerance, MaxRelativeDifference,
            $"≤ {RuleCheck.Number(rules.IdentityProbeRoundingTolerance)}",
            $"one training step from the same weights in {bindingId} and {referenceId}: largest relative difference in {Where}");
}
