using System.Text.Json.Nodes;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Verdicts;

/// <summary>
/// The gradient cell's verdict (docs/verdicts.md, "Gradient cells"): every parameter's gradient of the identity probe's
/// first step in the binding against the reference's, relative in L2 norm over the tensor
/// (<see cref="IdentityProbeComparison.GradientDifference"/>, the engine part of the probe's own measure), each within
/// <see cref="VerdictRules.IdentityProbeTolerance"/>. Parameters are judged in backward order, from the loss back to the
/// input (the spec's layers in reverse, each layer's parameters in reverse of the reference's order), so the first that
/// fails names where the backward pass first parts from the reference's.
/// </summary>
public static class GradientVerdict
{
    public const string Rule = "gradient";

    /// <returns>The verdict, and where it first failed (<c>conv2.bias (layer conv2)</c>), or null where every gradient held.</returns>
    public static (CellVerdict Verdict, string? FirstDivergence) Judge(ModelSpec model, TrainingStepResult expected, TrainingStepResult actual,
        string bindingId, string referenceId, VerdictRules rules)
    {
        // A binding's answer is hostile input: a name it reports twice counts once.
        var answered = actual.Gradients.GroupBy(g => g.Name).ToDictionary(g => g.Key, g => g.First());
        var bound = rules.IdentityProbeTolerance;
        var floor = IdentityProbeComparison.GradientFloor(expected.Gradients, rules);
        var differences = new JsonObject();
        var verdict = new CellVerdict(new JsonObject { ["gradient_differences"] = differences });
        string? first = null;
        var largest = 0.0;
        foreach (var (layer, gradient) in BackwardOrder(model, expected.Gradients))
        {
            var other = answered.GetValueOrDefault(gradient.Name);
            var value = other is null ? double.PositiveInfinity : IdentityProbeComparison.GradientDifference(gradient, other, floor);
            var passed = value <= bound;
            verdict.Add(RuleCheck.Of(Rule, passed, value, $"≤ {RuleCheck.Number(bound)}",
                $"the first training step's gradient of {gradient.Name} (layer {layer}) in {bindingId} against {referenceId}" +
                (other is null ? ", which it does not report" : value == double.PositiveInfinity ? " (another shape, or NaN)" : "")));
            differences[gradient.Name] = double.IsFinite(value) ? value : null;
            largest = Math.Max(largest, value);
            if (!passed) first ??= $"{gradient.Name} (layer {layer})";
        }
        verdict.Metrics["gradient_max_relative_difference"] = double.IsFinite(largest) ? largest : null;
        return (verdict, first);
    }

    /// <summary>
    /// Each gradient with its layer (<see cref="ModelSpec.LayerOf"/>), from
    /// the loss back to the input; a parameter of no spec layer comes last, as its own layer.
    /// </summary>
    public static IEnumerable<(string Layer, NamedTensor Gradient)> BackwardOrder(ModelSpec model, IReadOnlyList<NamedTensor> gradients)
    {
        var ofLayer = gradients.Select(g => (Layer: model.LayerOf(g.Name), Gradient: g)).ToArray();
        foreach (var layer in model.Layers.Reverse())
            foreach (var entry in ofLayer.Where(e => e.Layer == layer).Reverse())
                yield return (layer.Name, entry.Gradient);
        foreach (var entry in ofLayer.Where(e => e.Layer is null))
            yield return (entry.Gradient.Name, entry.Gradient);
    }
}
