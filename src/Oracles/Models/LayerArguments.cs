namespace BindingConformance.Oracles.Models;

/// <summary>
/// The arguments each <see cref="LayerKind"/> takes (the names of <see cref="Layers"/>' factories) and the values each may have:
/// what a model spec file is checked against before any binding builds it.
/// </summary>
public static class LayerArguments
{
    /// <summary>Largest integer argument a spec file may give: far above any model here, far below what would exhaust memory.</summary>
    public const int MaxInteger = 65536;

    /// <summary>One argument: an integer in [<see cref="Min"/>, <see cref="MaxInteger"/>], or a probability in [0, 1).</summary>
    public sealed record Argument(string Name, bool IsProbability = false, int Min = 1)
    {
        /// <summary>Why <paramref name="value"/> is not a value of this argument, or null when it is.</summary>
        public string? WhyInvalid(double value) =>
            !double.IsFinite(value) ? "must be a finite number"
            : IsProbability ? value is >= 0 and < 1 ? null : $"must be a probability in [0, 1) (got {value})"
            : value != Math.Floor(value) ? $"must be an integer (got {value})"
            : value < Min || value > MaxInteger ? $"must be between {Min} and {MaxInteger} (got {value})"
            : null;
    }

    private static readonly Dictionary<string, Argument[]> ByKind = new()
    {
        [LayerKind.Conv2d] = [new("in_channels"), new("out_channels"), new("kernel_size"), new("padding", Min: 0)],
        [LayerKind.MaxPool2d] = [new("kernel_size")],
        [LayerKind.AvgPool2d] = [new("kernel_size")],
        [LayerKind.Relu] = [],
        [LayerKind.Tanh] = [],
        [LayerKind.Flatten] = [],
        [LayerKind.Linear] = [new("in_features"), new("out_features")],
        [LayerKind.Dropout] = [new("p", IsProbability: true)],
        [LayerKind.BatchNorm2d] = [new("num_features")],
        [LayerKind.BatchNorm1d] = [new("num_features")],
        [LayerKind.Embedding] = [new("num_embeddings"), new("embedding_dim")],
        [LayerKind.Lstm] = [new("input_size"), new("hidden_size")],
        [LayerKind.Gru] = [new("input_size"), new("hidden_size")],
        [LayerKind.TransformerEncoder] =
        [
            new("d_model"), new("heads"), new("feed_forward"), new("layers"), new("max_length"), new("dropout", IsProbability: true),
        ],
    };

    /// <summary>The arguments of <paramref name="kind"/>, in the order <see cref="Layers"/> takes them.</summary>
    /// <exception cref="ArgumentException">A kind outside <see cref="LayerKind.All"/>.</exception>
    public static IReadOnlyList<Argument> Of(string kind) =>
        ByKind.TryGetValue(kind, out var arguments) ? arguments
        : throw new ArgumentException($"unknown layer kind '{kind}'; known: {string.Join(", ", LayerKind.All)}");
}
