using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Verdicts;

namespace BindingConformance.Repro;

/// <summary>
/// Names the layer where two bindings' forward passes on one batch part: each layer's max |diff| and relative
/// deviation ‖a − b‖ / ‖b‖ (b the reference), and the first layer above <see cref="VerdictRules.LayerDeviationThreshold"/>
/// whose deviation is at least <see cref="VerdictRules.LayerDeviationJump"/> times the previous layer's. A layer where a
/// NaN or infinity first appears, on either side, diverges (infinitely), so non-finite weights or inputs are named there.
/// </summary>
public static class LayerLocalisation
{
    /// <summary>
    /// Layers are matched by name in the reference's order; when either side sees its graph from outside
    /// (<see cref="ActivationsResult.OutputOnly"/>), only the last layers (the logits) are compared, as <c>output</c>.
    /// </summary>
    public static LayerTable Compare(IReadOnlyList<NamedTensor> expected, IReadOnlyList<NamedTensor> actual, VerdictRules rules)
    {
        var rows = Pairs(expected, actual).Select(p => Deviation(p.Layer, p.Expected, p.Actual)).ToArray();
        string? first = null;
        var previous = 0.0;
        foreach (var row in rows)
        {
            if (row.RelativeDeviation > rules.LayerDeviationThreshold && row.RelativeDeviation >= rules.LayerDeviationJump * previous)
            {
                first = row.Layer;
                break;
            }
            previous = row.RelativeDeviation;
        }
        return new LayerTable(rows, first, rules.LayerDeviationThreshold, rules.LayerDeviationJump);
    }

    private static IEnumerable<(string Layer, NamedTensor Expected, NamedTensor Actual)> Pairs(IReadOnlyList<NamedTensor> expected, IReadOnlyList<NamedTensor> actual)
    {
        if (OutputOnly(expected) || OutputOnly(actual)) return [(ActivationsResult.OutputOnly, expected[^1], actual[^1])];
        return expected.Select(e => (e.Name, e, actual.FirstOrDefault(a => a.Name == e.Name)
                                                ?? throw new ArgumentException($"the binding under test reports no output for layer '{e.Name}'")));
    }

    private static bool OutputOnly(IReadOnlyList<NamedTensor> layers) =>
        layers.Count == 0 ? throw new ArgumentException("a forward pass reported no layer") : new ActivationsResult(layers).IsOutputOnly;

    private static LayerDeviation Deviation(string layer, NamedTensor expected, NamedTensor actual)
    {
        if (!expected.Shape.SequenceEqual(actual.Shape))
            return new LayerDeviation(layer, expected.Shape, double.PositiveInfinity, double.PositiveInfinity);
        var b = expected.ToFloats();
        var a = actual.ToFloats();
        double max = 0, difference = 0, norm = 0;
        for (var i = 0; i < a.Length; i++)
        {
            // A NaN or infinity is where a fault shows (bad weights or inputs, an overflow): a finding, never an equality.
            if (!float.IsFinite(a[i]) || !float.IsFinite(b[i]))
                return new LayerDeviation(layer, expected.Shape, double.PositiveInfinity, double.PositiveInfinity, NonFinite: true);
            var d = (double)a[i] - b[i];
            max = Math.Max(max, Math.Abs(d));
            difference += d * d;
            norm += (double)b[i] * b[i];
        }
        var relative = difference == 0 ? 0 : norm == 0 ? double.PositiveInfinity : Math.Sqrt(difference / norm);
        return new LayerDeviation(layer, expected.Shape, max, relative);
    }
}
