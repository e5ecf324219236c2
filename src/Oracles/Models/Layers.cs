namespace BindingConformance.Oracles.Models;

/// <summary>Factories for <see cref="LayerSpec"/>s of each <see cref="LayerKind"/>, so specs can't misspell an argument.</summary>
public static class Layers
{
    public static LayerSpec Conv2d(string name, int inChannels, int outChannels, int kernelSize, int padding = 0) =>
        new(LayerKind.Conv2d, name, new Dictionary<string, double>
        {
            ["in_channels"] = inChannels, ["out_channels"] = outChannels, ["kernel_size"] = kernelSize, ["padding"] = padding,
        });

    public static LayerSpec MaxPool2d(string name, int kernelSize) => new(LayerKind.MaxPool2d, name, Args(("kernel_size", kernelSize)));

    public static LayerSpec AvgPool2d(string name, int kernelSize) => new(LayerKind.AvgPool2d, name, Args(("kernel_size", kernelSize)));

    public static LayerSpec Relu(string name) => new(LayerKind.Relu, name, Args());

    public static LayerSpec Tanh(string name) => new(LayerKind.Tanh, name, Args());

    public static LayerSpec Flatten(string name) => new(LayerKind.Flatten, name, Args());

    public static LayerSpec Linear(string name, int inFeatures, int outFeatures) =>
        new(LayerKind.Linear, name, Args(("in_features", inFeatures), ("out_features", outFeatures)));

    public static LayerSpec Dropout(string name, double p) => new(LayerKind.Dropout, name, Args(("p", p)));

    public static LayerSpec BatchNorm2d(string name, int features) => new(LayerKind.BatchNorm2d, name, Args(("num_features", features)));

    public static LayerSpec BatchNorm1d(string name, int features) => new(LayerKind.BatchNorm1d, name, Args(("num_features", features)));

    public static LayerSpec Embedding(string name, int count, int dimension) =>
        new(LayerKind.Embedding, name, Args(("num_embeddings", count), ("embedding_dim", dimension)));

    public static LayerSpec Lstm(string name, int inputSize, int hiddenSize) =>
        new(LayerKind.Lstm, name, Args(("input_size", inputSize), ("hidden_size", hiddenSize)));

    public static LayerSpec Gru(string name, int inputSize, int hiddenSize) =>
        new(LayerKind.Gru, name, Args(("input_size", inputSize), ("hidden_size", hiddenSize)));

    public static LayerSpec TransformerEncoder(string name, int modelSize, int heads, int feedForward, int layers, int maxLength, double dropout) =>
        new(LayerKind.TransformerEncoder, name, Args(
            ("d_model", modelSize), ("heads", heads), ("feed_forward", feedForward), ("layers", layers),
            ("max_length", maxLength), ("dropout", dropout)));

    private static Dictionary<string, double> Args(params (string Key, double Value)[] args) =>
        args.ToDictionary(a => a.Key, a => a.Value);
}
