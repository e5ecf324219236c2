namespace BindingConformance.Oracles.Models;

/// <summary>Layer kinds of the neutral spec. Each worker (Python, Node) implements exactly these names.</summary>
public static class LayerKind
{
    /// <summary>args: in_channels, out_channels, kernel_size, padding. Stride 1. Weight layout OIHW.</summary>
    public const string Conv2d = "conv2d";
    /// <summary>args: kernel_size (stride = kernel_size).</summary>
    public const string MaxPool2d = "max_pool2d";
    /// <summary>args: kernel_size (stride = kernel_size).</summary>
    public const string AvgPool2d = "avg_pool2d";
    public const string Relu = "relu";
    public const string Tanh = "tanh";
    /// <summary>Flattens NCHW to N×(C·H·W) in C,H,W order.</summary>
    public const string Flatten = "flatten";
    /// <summary>args: in_features, out_features. Weight layout [out, in].</summary>
    public const string Linear = "linear";
    /// <summary>args: p.</summary>
    public const string Dropout = "dropout";
    /// <summary>args: num_features. Parameters weight, bias, running_mean, running_var; eps 1e-5, momentum 0.1.</summary>
    public const string BatchNorm2d = "batch_norm2d";
    /// <summary>args: num_features.</summary>
    public const string BatchNorm1d = "batch_norm1d";
    /// <summary>args: num_embeddings, embedding_dim.</summary>
    public const string Embedding = "embedding";
    /// <summary>
    /// args: input_size, hidden_size. Batch first; outputs the last time step. PyTorch gate order i,f,g,o
    /// with two biases; Keras/TensorFlow.js use the same order with one bias (b_ih + b_hh) and must be
    /// built with sigmoid gates (tfjs defaults to hard sigmoid).
    /// </summary>
    public const string Lstm = "lstm";
    /// <summary>
    /// args: input_size, hidden_size. Batch first; last time step. PyTorch gate order r,z,n with the reset
    /// gate applied after the recurrent matmul (Keras reset_after=True). TensorFlow.js 4.22 only has the
    /// reset-before GRU, so its GRU is a different function: it trains from this spec but GRU weights do
    /// not transfer between tfjs and the PyTorch family.
    /// </summary>
    public const string Gru = "gru";
    /// <summary>args: d_model, heads, feed_forward, layers, max_length. Learned positions, post-norm, mean pool over time.</summary>
    public const string TransformerEncoder = "transformer_encoder";
}
