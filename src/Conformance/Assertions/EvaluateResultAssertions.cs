using BindingConformance.Oracles;
using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace BindingConformance.Assertions;

/// <summary>Cross-loaded inference: the same number of correct test predictions as the reference, on every pass.</summary>
public sealed class EvaluateResultAssertions(EvaluateResult subject)
    : ReferenceTypeAssertions<EvaluateResult, EvaluateResultAssertions>(subject)
{
    protected override string Identifier => "inference";

    /// <summary>Equal correct predictions (the study's round(acc·N) equality), pass by pass.</summary>
    public AndConstraint<EvaluateResultAssertions> HaveSameCorrectPredictionsAs(EvaluateResult reference)
    {
        var mismatch = Enumerable.Range(0, Math.Min(Subject.CorrectPerPass.Count, reference.CorrectPerPass.Count))
            .FirstOrDefault(i => Subject.CorrectPerPass[i] != reference.CorrectPerPass[i], -1);
        var sameShape = Subject.Count == reference.Count && Subject.CorrectPerPass.Count == reference.CorrectPerPass.Count;
        Execute.Assertion
            .ForCondition(sameShape && mismatch < 0)
            .FailWith(FailureMessage.Escape(FailureMessage.Format(
                "Cross-loaded inference gave a different number of correct predictions",
                ("statistic", "correct predictions per pass"),
                ("binding", string.Join(", ", Subject.CorrectPerPass)),
                ("reference", string.Join(", ", reference.CorrectPerPass)),
                ("first differing pass", mismatch < 0 ? "none (different shapes)" : mismatch.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("n", $"{Subject.Count} examples (reference {reference.Count}), {Subject.CorrectPerPass.Count} passes (reference {reference.CorrectPerPass.Count})"),
                ("threshold", "exact equality"))));
        return new AndConstraint<EvaluateResultAssertions>(this);
    }

    /// <summary>Every repeated pass gave the same number of correct predictions (no dropout left on in eval).</summary>
    public AndConstraint<EvaluateResultAssertions> BeStable()
    {
        Execute.Assertion
            .ForCondition(Subject.IsStable)
            .FailWith(FailureMessage.Escape(FailureMessage.Format(
                "Inference is not stable across repeated passes",
                ("statistic", "correct predictions per pass"),
                ("passes", string.Join(", ", Subject.CorrectPerPass)),
                ("n", $"{Subject.Count} examples, {Subject.CorrectPerPass.Count} passes"),
                ("threshold", "every pass equal"))));
        return new AndConstraint<EvaluateResultAssertions>(this);
    }
}
