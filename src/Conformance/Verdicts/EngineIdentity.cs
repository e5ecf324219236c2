namespace BindingConformance.Verdicts;

/// <summary>
/// What the identity probe found: a few training steps from the same weights on the same batches, with the harness's
/// dropout masks, in a binding and in its reference (<c>docs/verdicts.md</c>, "The identity probe").
/// <list type="bullet">
/// <item><see cref="Engine"/>: the first step's forward and backward pass (loss, logits, every parameter's gradient).
/// Within float32 rounding (<see cref="VerdictRules.SameEngineTolerance"/>) the two are the same engine, so every seed's
/// training trajectory must follow the reference's; up to <see cref="VerdictRules.IdentityProbeTolerance"/> a different but
/// correct engine, judged statistically; beyond it the step itself disagrees.</item>
/// <item><see cref="Optimizer"/>: what the optimizer made of them (each later step's loss, every parameter's update after the
/// last step, over the elements whose first gradients both engines resolve alike). The same engine must take the same
/// steps to rounding (<see cref="VerdictRules.SameEngineStepTolerance"/>); a different engine within
/// <see cref="VerdictRules.IdentityProbeTolerance"/>.</item>
/// </list>
/// </summary>
/// <param name="Steps">Optimizer steps the probe took.</param>
/// <param name="Unresolved">
/// Gradient elements left out of the update comparison: the two engines' first gradients differ by more than
/// <see cref="VerdictRules.ResolvedGradientTolerance"/>, or are the rounding of an exact zero or exactly zero (mostly the
/// embedding rows the first batch does not use).
/// </param>
public sealed record EngineIdentity(ProbeDifference Engine, ProbeDifference Optimizer, int Steps, long Unresolved)
{
    public bool SameEngine(VerdictRules rules) => Engine.Value <= rules.SameEngineTolerance;

    /// <summary>The bound of <see cref="Optimizer"/>: rounding where the engine is the same, the probe's tolerance where it is not.</summary>
    public double OptimizerBound(VerdictRules rules) => SameEngine(rules) ? rules.SameEngineStepTolerance : rules.IdentityProbeTolerance;

    public IEnumerable<RuleCheck> Checks(string bindingId, string referenceId, VerdictRules rules)
    {
        yield return RuleCheck.Of("identity-probe", Engine.Value <= rules.IdentityProbeTolerance, Engine.Value,
            $"≤ {RuleCheck.Number(rules.IdentityProbeTolerance)}",
            $"the first training step's forward and backward pass from the same weights in {bindingId} and {referenceId}: largest relative difference in {Engine.Where}");
        var bound = OptimizerBound(rules);
        yield return RuleCheck.Of("optimizer-step", Optimizer.Value <= bound, Optimizer.Value, $"≤ {RuleCheck.Number(bound)}",
            $"{Steps} optimizer steps from the same weights in {bindingId} and {referenceId}" +
            (SameEngine(rules) ? " (the same engine: held to rounding)" : "") + $": largest relative difference in {Optimizer.Where}");
    }
}
