using System.Text.Json.Nodes;
using BindingConformance.Oracles;

namespace BindingConformance.Runs;

/// <summary>
/// The study's cross-binding inference oracle: a loaded model must give exactly as many correct test
/// predictions as in the binding that trained it, on every one of the repeated passes. Across frameworks,
/// logits must also agree within a tolerance.
/// </summary>
public sealed class CrossLoadVerdict
{
    public CrossLoadVerdict(EvaluateResult own, EvaluateResult loaded, double? logitTolerance)
    {
        var expected = own.CorrectPerPass[0];
        var failures = new List<string>();
        if (loaded.Count != own.Count)
            failures.Add($"evaluated {loaded.Count} examples, the source binding {own.Count}");
        var wrong = loaded.CorrectPerPass.Select((c, pass) => (c, pass)).Where(p => p.c != expected).ToArray();
        if (wrong.Length > 0)
            failures.Add($"correct predictions differ from the source binding's {expected}: " +
                         string.Join(", ", wrong.Select(w => $"pass {w.pass + 1}: {w.c}")));
        if (!loaded.IsStable)
            failures.Add($"unstable across {loaded.CorrectPerPass.Count} passes: {string.Join(", ", loaded.CorrectPerPass)}");

        MaxLogitDifference = own.Logits.Length == loaded.Logits.Length ? MaxAbsDifference(own.Logits, loaded.Logits) : double.NaN;
        if (double.IsNaN(MaxLogitDifference))
            failures.Add($"logits not comparable ({loaded.Logits.Length} values vs {own.Logits.Length})");
        else if (logitTolerance is { } tolerance && MaxLogitDifference > tolerance)
            failures.Add($"max |logit difference| {MaxLogitDifference:G3} > tolerance {tolerance:G3}");
        Failures = failures;

        Metrics = new JsonObject
        {
            ["count"] = loaded.Count,
            ["own_correct"] = expected,
            ["correct_per_pass"] = new JsonArray(loaded.CorrectPerPass.Select(c => (JsonNode)c).ToArray()),
            ["stable"] = loaded.IsStable,
            // JSON has no NaN or infinity (NaN logits count as infinitely far); the reason states the value.
            ["max_abs_logit_difference"] = double.IsFinite(MaxLogitDifference) ? MaxLogitDifference : null,
            ["inference_seconds_mean"] = loaded.PassSeconds.Count > 0 ? loaded.PassSeconds.Average() : null,
        };
    }

    public IReadOnlyList<string> Failures { get; }

    public double MaxLogitDifference { get; }

    public JsonObject Metrics { get; }

    private static double MaxAbsDifference(float[] a, float[] b)
    {
        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs((double)a[i] - b[i]);
            if (double.IsNaN(d)) return double.PositiveInfinity;
            max = Math.Max(max, d);
        }
        return max;
    }
}
