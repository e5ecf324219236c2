namespace BindingConformance.Oracles.Models;

/// <summary>
/// The size of a model as work: multiply-accumulates of one forward pass of one example, counted from the
/// spec's layers (convolutions, linear and recurrent layers, attention). Element-wise layers, pooling and
/// embedding lookups are counted as free; they are small beside the layers that multiply.
/// </summary>
public static class ModelCost
{
    /// <summary>Multiply-accumulates of one forward pass of one example of <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">A layer kind this count does not know.</exception>
    public static double ForwardMacs(ModelSpec spec)
    {
        // Shape of one example as it flows: [C, H, W] for images, [L] token ids, then [L, D] or [features].
        var shape = spec.InputShape.Select(s => (double)s).ToArray();
        var macs = 0.0;
        foreach (var layer in spec.Layers)
        {
            switch (layer.Kind)
            {
                case LayerKind.Conv2d:
                    var (k, p) = (layer.Int("kernel_size"), layer.Int("padding"));
                    var (height, width) = (shape[1] + 2 * p - k + 1, shape[2] + 2 * p - k + 1);
                    macs += layer.Int("out_channels") * height * width * layer.Int("in_channels") * k * k;
                    shape = [layer.Int("out_channels"), height, width];
                    break;
                case LayerKind.MaxPool2d or LayerKind.AvgPool2d:
                    var pool = layer.Int("kernel_size");
                    shape = [shape[0], Math.Floor(shape[1] / pool), Math.Floor(shape[2] / pool)];
                    break;
                case LayerKind.Flatten:
                    shape = [shape.Aggregate(1.0, (a, b) => a * b)];
                    break;
                case LayerKind.Linear:
                    // Over the last axis, for every leading position.
                    macs += shape[..^1].Aggregate(1.0, (a, b) => a * b) * layer.Int("in_features") * layer.Int("out_features");
                    shape = [.. shape[..^1], layer.Int("out_features")];
                    break;
                case LayerKind.Embedding:
                    shape = [shape[0], layer.Int("embedding_dim")];
                    break;
                case LayerKind.Lstm or LayerKind.Gru:
                    var gates = layer.Kind == LayerKind.Lstm ? 4 : 3;
                    var hidden = layer.Int("hidden_size");
                    macs += shape[0] * gates * hidden * (layer.Int("input_size") + hidden);
                    shape = [hidden];
                    break;
                case LayerKind.TransformerEncoder:
                    var (length, model) = (shape[0], (double)layer.Int("d_model"));
                    // Per layer: q, k, v and output projections, both feed-forward matrices, scores and weighted sum.
                    macs += layer.Int("layers") * length * (4 * model * model + 2 * model * layer.Int("feed_forward") + 2 * length * model);
                    shape = [model];
                    break;
                case LayerKind.Relu or LayerKind.Tanh or LayerKind.Dropout or LayerKind.BatchNorm2d or LayerKind.BatchNorm1d:
                    break;
                default:
                    throw new ArgumentException($"layer '{layer.Name}' has kind '{layer.Kind}', whose cost is unknown");
            }
        }
        return macs;
    }
}
