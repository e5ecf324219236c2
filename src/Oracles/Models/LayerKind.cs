namespace BindingConformance.Oracles.Models;

/// <summary>
/// Layer kinds of the neutral spec. Each worker (Python, Node) implements exactly these names. Parameter
/// names are those of the PyTorch module, prefixed by the layer's name, so state dicts match across bindings.
/// </summary>
public static class LayerKind
{
    /// <summary>args: in_channels, out_channels, kernel_size, padding. Stride 1. Parameters weight (OIHW), bias.</summary>
    public const string Conv2d = "conv2d";
    /// <summary>args: kernel_size (stride = kernel_size).</summary>
    public const string MaxPool2d = "max_pool2d";
    /// <summary>args: kernel_size (stride = kernel_size).</summary>
    public const string AvgPool2d = "avg_pool2d";
    public const string Relu = "relu";
    public const string Tanh = "tanh";
    /// <summary>Flattens NCHW to N×(C·H·W) in C,H,W order.</summary>
    public const string Flatten = "flatten";
    /// <summary>args: in_features, out_features. Parameters weight [out, in], bias.</summary>
    public const string Linear = "linear";
    /// <summary>args: p. Active in training only.</summary>
    public const string Dropout = "dropout";
    /// <summary>args: num_features. Parameters weight, bias; buffers running_mean, running_var, num_batches_tracked (I64); eps 1e-5, momentum 0.1.</summary>
    public const string BatchNorm2d = "batch_norm2d";
    /// <summary>args: num_features. As <see cref="BatchNorm2d"/> over [N, features].</summary>
    public const string BatchNorm1d = "batch_norm1d";
    /// <summary>args: num_embeddings, embedding_dim. Input: int64 token ids [N, L]. Parameter weight [num_embeddings, embedding_dim].</summary>
    public const string Embedding = "embedding";
    /// <summary>
    /// args: input_size, hidden_size. One layer, batch first; outputs the last time step [N, hidden].
    /// PyTorch gate order i,f,g,o. Parameters weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0.
    /// Keras/TensorFlow.js use the same gate order with one bias (b_ih + b_hh) and must be built with
    /// sigmoid gates (tfjs defaults to hard sigmoid).
    /// </summary>
    public const string Lstm = "lstm";
    /// <summary>
    /// args: input_size, hidden_size. One layer, batch first; last time step. PyTorch gate order r,z,n
    /// (reset after). Parameters weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0.
    /// TensorFlow.js 4.22 only has the reset-before GRU (it rejects reset_after), so its GRU is a
    /// different function: it trains from this spec but GRU weights do not transfer between tfjs and
    /// the PyTorch family.
    /// </summary>
    public const string Gru = "gru";
    /// <summary>
    /// args: d_model, heads, feed_forward, layers, max_length, dropout. Adds a learned position table
    /// (parameter <c>positions</c> [max_length, d_model]) to the input [N, L, d_model], runs <c>layers</c>
    /// post-norm ReLU encoder layers (PyTorch <c>nn.TransformerEncoderLayer</c>, no padding mask), then
    /// averages over time to [N, d_model]. Parameters of layer i: <c>layers.{i}.self_attn.in_proj_weight</c>,
    /// <c>…in_proj_bias</c>, <c>…self_attn.out_proj.weight/bias</c>, <c>…linear1.weight/bias</c>,
    /// <c>…linear2.weight/bias</c>, <c>…norm1.weight/bias</c>, <c>…norm2.weight/bias</c>.
    /// </summary>
    public const string TransformerEncoder = "transformer_encoder";

    /// <summary>Every kind of the vocabulary, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Conv2d, MaxPool2d, AvgPool2d, Relu, Tanh, Flatten, Linear, Dropout, BatchNorm2d, BatchNorm1d, Embedding, Lstm, Gru, TransformerEncoder,
    ];
}
