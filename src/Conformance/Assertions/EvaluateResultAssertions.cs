using BindingConformance.Oracles;
using BindingConformance.Verdicts;
using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace BindingConformance.Assertions;

/// <summary>
/// Loaded-model inference judged by <see cref="InferenceVerdict"/>, the rules every evaluation cell of a run uses:
/// the same correct count on every pass, every pass's logits within tolerance, and repeated passes alike.
/// </summary>
public sealed class EvaluateResultAssertions(EvaluateResult subject)
    : ReferenceTypeAssertions<EvaluateResult, EvaluateResultAssertions>(subject)
{
    protected override string Identifier => "inference";

    /// <summary>Every rule of <see cref="InferenceVerdict"/> against the source binding's evaluation of the same model.</summary>
    public AndConstraint<EvaluateResultAssertions> ReproducePredictionsOf(EvaluateResult source, VerdictRules? rules = null) =>
        Hold(source, rules, _ => true);

    /// <summary>Equal correct predictions (the study's round(acc·N) equality) on every pass.</summary>
    public AndConstraint<EvaluateResultAssertions> HaveSameCorrectPredictionsAs(EvaluateResult reference) =>
        Hold(reference, null, c => c.Rule is "example-count" or "correct-count");

    /// <summary>Every repeated pass gave the same predictions (no dropout or batch statistics left on in eval).</summary>
    public AndConstraint<EvaluateResultAssertions> BeStable() =>
        Hold(Subject, null, c => c.Rule == "pass-determinism");

    private AndConstraint<EvaluateResultAssertions> Hold(EvaluateResult source, VerdictRules? rules, Func<RuleCheck, bool> applies)
    {
        var verdict = InferenceVerdict.Judge(InferenceExpectation.FromEvaluation(source, "the reference"), Subject, rules ?? VerdictRules.Default);
        var failed = verdict.Failures.Where(applies).ToArray();
        Execute.Assertion
            .ForCondition(failed.Length == 0)
            .FailWith(FailureMessage.Escape(FailureMessage.Format(
                "Loaded-model inference does not reproduce the reference's predictions",
                failed.Select(f => (f.Rule, (object)$"{f.Detail}: value {f.Value}, bound {f.Bound}")).ToArray())));
        return new AndConstraint<EvaluateResultAssertions>(this);
    }
}
