using System.Text.Json.Nodes;
using BindingConformance.Oracles;

namespace BindingConformance.Verdicts;

/// <summary>
/// One rule set for every cell that evaluates a saved model (own file, alternate backend, cross-load, weight
/// transfer): the same examples, exactly the expected correct count on every pass, every pass's logits within the
/// float32 tolerance of the expected logits, and every pass equal to the first (eval-mode determinism: no dropout
/// or batch statistics left on at inference).
/// </summary>
public static class InferenceVerdict
{
    public static CellVerdict Judge(InferenceExpectation expected, EvaluateResult actual, VerdictRules rules)
    {
        var passes = actual.PassLogits;
        var toExpected = passes.Select(p => LogitDifference.Max(p, expected.Logits)).ToArray();
        var toFirst = passes.Skip(1).Select(p => LogitDifference.BetweenPasses(p, passes[0])).DefaultIfEmpty(0).Max();
        var worstPass = Array.IndexOf(toExpected, toExpected.Max());
        var wrongCounts = actual.CorrectPerPass.Select((c, pass) => (c, pass)).Where(p => p.c != expected.Correct).ToArray();
        var tolerance = rules.Float32LogitTolerance;

        var verdict = new CellVerdict(new JsonObject
        {
            ["count"] = actual.Count,
            ["expected_correct"] = expected.Correct,
            ["expected_from"] = expected.Origin,
            ["correct_per_pass"] = new JsonArray(actual.CorrectPerPass.Select(c => (JsonNode)c).ToArray()),
            ["stable"] = actual.IsStable,
            // JSON has no NaN or infinity (NaN logits count as infinitely far); the reason states the value.
            ["max_abs_logit_difference"] = Finite(toExpected.Max()),
            ["max_pass_to_pass_logit_difference"] = Finite(toFirst),
            ["logit_passes_compared"] = passes.Count,
            ["inference_seconds_mean"] = actual.PassSeconds.Count > 0 ? actual.PassSeconds.Average() : null,
        });
        verdict.Add(RuleCheck.Of("example-count", actual.Count == expected.Count, actual.Count, $"= {expected.Count}",
            $"evaluated {actual.Count} test examples, {expected.Origin} {expected.Count}"));
        verdict.Add(new RuleCheck("correct-count", wrongCounts.Length == 0,
            string.Join(", ", actual.CorrectPerPass), $"= {expected.Correct} on every pass",
            wrongCounts.Length == 0 ? "correct predictions equal on every pass"
                : $"correct predictions differ from {expected.Origin} ({expected.Correct}): " +
                  string.Join(", ", wrongCounts.Select(w => $"pass {w.pass + 1}: {w.c}"))));
        verdict.Add(RuleCheck.Of("logits", toExpected.Max() <= tolerance, toExpected.Max(), $"≤ {RuleCheck.Number(tolerance)}",
            $"max |logit difference| from {expected.Origin}, worst on pass {worstPass + 1} of {passes.Count}" + NonFinite(expected, passes)));
        verdict.Add(RuleCheck.Of("pass-determinism", toFirst <= tolerance && actual.IsStable, toFirst, $"≤ {RuleCheck.Number(tolerance)} and equal counts",
            $"repeated passes must agree (eval mode): counts {string.Join(", ", actual.CorrectPerPass)}, max |logit difference| from pass 1"));
        return verdict;
    }

    /// <summary>Says which side holds NaN or infinite logits: they are never equal, not even to the same value.</summary>
    private static string NonFinite(InferenceExpectation expected, IReadOnlyList<float[]> passes)
    {
        var sides = new[] { (LogitDifference.AnyNonFinite(expected.Logits), expected.Origin), (passes.Any(LogitDifference.AnyNonFinite), "the binding's passes") }
            .Where(s => s.Item1).Select(s => s.Item2).ToArray();
        return sides.Length == 0 ? "" : $"; non-finite logits (NaN or infinity) in {string.Join(" and in ", sides)} are never equal";
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
