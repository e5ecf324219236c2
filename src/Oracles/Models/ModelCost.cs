namespace BindingConformance.Oracles.Models;

/// <summary>
/// The size of a model as work: multiply-accumulates of one forward pass of one example, counted from the
/// spec's layers (convolutions, linear and recurrent layers, attention) over the shapes <see cref="LayerShapes"/> gives.
/// Element-wise layers, pooling and embedding lookups are counted as free; they are small beside the layers that multiply.
/// </summary>
public static class ModelCost
{
    /// <summary>Multiply-accumulates of one forward pass of one example of <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">A layer kind this count does not know, or layers whose shapes do not chain.</exception>
    public static double ForwardMacs(ModelSpec spec)
    {
        var outputs = LayerShapes.Flow(spec);
        var macs = 0.0;
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            var layer = spec.Layers[i];
            var input = (i == 0 ? spec.InputShape.Select(s => (long)s).ToArray() : outputs[i - 1]).Select(s => (double)s).ToArray();
            var output = outputs[i].Select(s => (double)s).ToArray();
            macs += layer.Kind switch
            {
                LayerKind.Conv2d => output[0] * output[1] * output[2] * layer.Int("in_channels") * layer.Int("kernel_size") * layer.Int("kernel_size"),
                // Over the last axis, for every leading position.
                LayerKind.Linear => input[..^1].Aggregate(1.0, (a, b) => a * b) * layer.Int("in_features") * layer.Int("out_features"),
                LayerKind.Lstm or LayerKind.Gru =>
                    input[0] * (layer.Kind == LayerKind.Lstm ? 4 : 3) * layer.Int("hidden_size") * (layer.Int("input_size") + layer.Int("hidden_size")),
                // Per layer: q, k, v and output projections, both feed-forward matrices, scores and weighted sum.
                LayerKind.TransformerEncoder => layer.Int("layers") * input[0] *
                    (4.0 * input[1] * input[1] + 2 * input[1] * layer.Int("feed_forward") + 2 * input[0] * input[1]),
                _ => 0,
            };
        }
        return macs;
    }
}
