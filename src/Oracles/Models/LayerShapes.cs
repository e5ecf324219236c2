namespace BindingConformance.Oracles.Models;

/// <summary>
/// The shape of one example (no batch axis) as it flows through a spec's layers, checked layer by layer: the one account of
/// what each <see cref="LayerKind"/> takes and gives, which <see cref="ModelCost"/> counts work from and spec files are checked by.
/// </summary>
public static class LayerShapes
{
    /// <summary>The shape after each layer of <paramref name="spec"/>, in order (the last one is [classes]).</summary>
    /// <exception cref="ModelShapeException">A layer cannot take its input's shape, or the output is not [classes].</exception>
    public static IReadOnlyList<long[]> Flow(ModelSpec spec)
    {
        var shape = spec.InputShape.Select(s => (long)s).ToArray();
        var shapes = new List<long[]>();
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            shape = Next(i, spec.Layers[i], shape);
            shapes.Add(shape);
        }
        if (shape.Length != 1 || shape[0] != spec.Classes)
            throw new ModelShapeException(-1, null, null, $"the model ends in {Describe(shape)}, not the [{spec.Classes}] logits of its classes");
        return shapes;
    }

    private static long[] Next(int index, LayerSpec layer, long[] shape)
    {
        long Arg(string name) => layer.Int(name);
        void Expect(bool holds, string? argument, string message)
        {
            if (!holds) throw new ModelShapeException(index, layer, argument, message);
        }
        void Rank(int rank, string what) =>
            Expect(shape.Length == rank, null, $"{layer.Kind} takes {what} but its input is {Describe(shape)}");

        switch (layer.Kind)
        {
            case LayerKind.Conv2d:
                Rank(3, "[channels, height, width]");
                Expect(Arg("in_channels") == shape[0], "in_channels", $"is {Arg("in_channels")} but its input has {shape[0]} channels ({Describe(shape)})");
                var (k, p) = (Arg("kernel_size"), Arg("padding"));
                var (height, width) = (shape[1] + 2 * p - k + 1, shape[2] + 2 * p - k + 1);
                Expect(height >= 1 && width >= 1, "kernel_size", $"{k} (padding {p}) is larger than its input {Describe(shape)}");
                return [Arg("out_channels"), height, width];
            case LayerKind.MaxPool2d or LayerKind.AvgPool2d:
                Rank(3, "[channels, height, width]");
                var pool = Arg("kernel_size");
                Expect(shape[1] >= pool && shape[2] >= pool, "kernel_size", $"{pool} is larger than its input {Describe(shape)}");
                return [shape[0], shape[1] / pool, shape[2] / pool];
            case LayerKind.Flatten:
                Expect(shape.Length >= 1, null, "flatten takes a tensor of rank 1 or more");
                return [shape.Aggregate(1L, (a, b) => a * b)];
            case LayerKind.Linear:
                Expect(shape.Length >= 1 && shape[^1] == Arg("in_features"), "in_features",
                    $"is {Arg("in_features")} but its input {Describe(shape)} has {(shape.Length == 0 ? 0 : shape[^1])} features in its last axis");
                return [.. shape[..^1], Arg("out_features")];
            case LayerKind.BatchNorm2d:
                Rank(3, "[channels, height, width]");
                Expect(Arg("num_features") == shape[0], "num_features", $"is {Arg("num_features")} but its input has {shape[0]} channels ({Describe(shape)})");
                return shape;
            case LayerKind.BatchNorm1d:
                Rank(1, "[features]");
                Expect(Arg("num_features") == shape[0], "num_features", $"is {Arg("num_features")} but its input has {shape[0]} features");
                return shape;
            case LayerKind.Embedding:
                Expect(index == 0, null, "embedding reads token ids, so it must be the first layer");
                Rank(1, "token ids [length]");
                return [shape[0], Arg("embedding_dim")];
            case LayerKind.Lstm or LayerKind.Gru:
                Rank(2, "a sequence [length, features]");
                Expect(Arg("input_size") == shape[1], "input_size", $"is {Arg("input_size")} but its input sequence has {shape[1]} features ({Describe(shape)})");
                return [Arg("hidden_size")];
            case LayerKind.TransformerEncoder:
                Rank(2, "a sequence [length, d_model]");
                Expect(Arg("d_model") == shape[1], "d_model", $"is {Arg("d_model")} but its input sequence has {shape[1]} features ({Describe(shape)})");
                Expect(Arg("d_model") % Arg("heads") == 0, "heads", $"{Arg("heads")} does not divide d_model {Arg("d_model")}");
                Expect(shape[0] <= Arg("max_length"), "max_length", $"is {Arg("max_length")} but its input sequence is {shape[0]} long");
                return [Arg("d_model")];
            case LayerKind.Relu or LayerKind.Tanh or LayerKind.Dropout:
                return shape;
            default:
                throw new ModelShapeException(index, layer, null, $"unknown layer kind '{layer.Kind}'; known: {string.Join(", ", LayerKind.All)}");
        }
    }

    private static string Describe(long[] shape) => $"[{string.Join(", ", shape)}]";
}
