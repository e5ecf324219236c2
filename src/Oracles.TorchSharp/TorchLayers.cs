using BindingConformance.Oracles.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// Maps each <see cref="LayerKind"/> to TorchSharp modules whose parameter names equal PyTorch's. Dropouts draw their
/// masks from the harness (<see cref="HarnessDropout"/>), at sites numbered in forward order as the Python worker does.
/// </summary>
internal static class TorchLayers
{
    /// <summary>How many harness draws (dropout sites) <paramref name="layer"/> makes per training forward pass.</summary>
    public static int DrawSites(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.Dropout => 1,
        LayerKind.TransformerEncoder => layer.Int("layers") * EncoderLayer.Sites,
        _ => 0,
    };

    /// <param name="firstSite">The layer's first harness draw site (<see cref="DrawSites"/> sites from there are its own).</param>
    public static ModuleWithForward Create(LayerSpec layer, long firstSite)
    {
        switch (layer.Kind)
        {
            case LayerKind.Conv2d:
                var conv = nn.Conv2d(layer.Int("in_channels"), layer.Int("out_channels"), layer.Int("kernel_size"), padding: layer.Int("padding"));
                return new(conv, conv.forward);
            case LayerKind.MaxPool2d:
                var maxPool = nn.MaxPool2d(layer.Int("kernel_size"));
                return new(maxPool, maxPool.forward);
            case LayerKind.AvgPool2d:
                var avgPool = nn.AvgPool2d(layer.Int("kernel_size"));
                return new(avgPool, avgPool.forward);
            case LayerKind.Relu:
                var relu = nn.ReLU();
                return new(relu, relu.forward);
            case LayerKind.Tanh:
                var tanh = nn.Tanh();
                return new(tanh, tanh.forward);
            case LayerKind.Flatten:
                var flatten = nn.Flatten();
                return new(flatten, flatten.forward);
            case LayerKind.Linear:
                var linear = nn.Linear(layer.Int("in_features"), layer.Int("out_features"));
                return new(linear, linear.forward);
            case LayerKind.Dropout:
                var dropout = new HarnessDropout(layer.Real("p"), firstSite);
                return new(dropout, dropout.forward);
            case LayerKind.BatchNorm2d:
                var batchNorm2d = nn.BatchNorm2d(layer.Int("num_features"));
                return new(batchNorm2d, batchNorm2d.forward);
            case LayerKind.BatchNorm1d:
                var batchNorm1d = nn.BatchNorm1d(layer.Int("num_features"));
                return new(batchNorm1d, batchNorm1d.forward);
            case LayerKind.Embedding:
                var embedding = nn.Embedding(layer.Int("num_embeddings"), layer.Int("embedding_dim"));
                return new(embedding, embedding.forward);
            case LayerKind.Lstm:
                var lstm = nn.LSTM(layer.Int("input_size"), layer.Int("hidden_size"), batchFirst: true);
                return new(lstm, x => LastStep(lstm.forward(x).Item1));
            case LayerKind.Gru:
                var gru = nn.GRU(layer.Int("input_size"), layer.Int("hidden_size"), batchFirst: true);
                return new(gru, x => LastStep(gru.forward(x).Item1));
            case LayerKind.TransformerEncoder:
                var encoder = new PositionalTransformerEncoder(layer, firstSite);
                return new(encoder, encoder.forward);
            default:
                throw new OracleException(
                    $"layer '{layer.Name}' has kind '{layer.Kind}', which the torchsharp oracle does not implement");
        }
    }

    private static Tensor LastStep(Tensor sequence) => sequence.select(1, -1);
}
