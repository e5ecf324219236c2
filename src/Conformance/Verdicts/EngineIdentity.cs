namespace BindingConformance.Verdicts;

/// <summary>
/// What the identity probe found: one forward pass, loss, backward pass and optimizer step on a fixed batch from the
/// same weights, in a binding and in its reference. Within float32 rounding (<see cref="VerdictRules.SameEngineTolerance"/>)
/// the two are the same engine, so every seed's training trajectory must follow the reference's; a larger difference
/// up to <see cref="VerdictRules.IdentityProbeTolerance"/> is a different but correct engine, judged statistically;
/// more than that is a failure of the step itself.
/// </summary>
/// <param name="MaxRelativeDifference">Largest relative difference over the loss, the logits and each tensor's weight update.</param>
/// <param name="Where">Which quantity differed most, e.g. <c>update of fc.weight</c>.</param>
public sealed record EngineIdentity(double MaxRelativeDifference, string Where)
{
    public bool SameEngine(VerdictRules rules) => MaxRelativeDifference <= rules.SameEngineTolerance;

    public RuleCheck Check(string bindingId, string referenceId, VerdictRules rules) =>
        RuleCheck.Of("identity-probe", MaxRelativeDifference <= rules.IdentityProbeTolerance, MaxRelativeDifference,
            $"≤ {RuleCheck.Number(rules.IdentityProbeTolerance)}",
            $"one training step from the same weights in {bindingId} and {referenceId}: largest relative difference in {Where}");
}
