using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// PyTorch's <c>nn.TransformerEncoderLayer</c> (post-norm, ReLU, sequence-first) written out as the Python worker's
/// <c>EncoderLayer</c> does, with its submodules' names and initialisation order, so that its four dropouts draw from
/// the harness: sites <c>first</c> (attention weights), <c>first + 1</c> (attention output), <c>first + 2</c>
/// (feed-forward hidden) and <c>first + 3</c> (feed-forward output). State dicts are those of PyTorch's layer.
/// </summary>
internal sealed class EncoderLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>Harness draws of one layer per training forward pass.</summary>
    public const int Sites = 4;

    private readonly SelfAttention self_attn;
    private readonly Linear linear1;
    private readonly HarnessDropout dropout;
    private readonly Linear linear2;
    private readonly LayerNorm norm1;
    private readonly LayerNorm norm2;
    private readonly HarnessDropout dropout1;
    private readonly HarnessDropout dropout2;

    public EncoderLayer(long modelSize, long heads, long feedForward, double dropout, long firstSite) : base(nameof(EncoderLayer))
    {
        self_attn = new SelfAttention(modelSize, heads, dropout, firstSite);
        linear1 = nn.Linear(modelSize, feedForward);
        this.dropout = new HarnessDropout(dropout, firstSite + 2);
        linear2 = nn.Linear(feedForward, modelSize);
        norm1 = nn.LayerNorm(modelSize);
        norm2 = nn.LayerNorm(modelSize);
        dropout1 = new HarnessDropout(dropout, firstSite + 1);
        dropout2 = new HarnessDropout(dropout, firstSite + 3);
        register_module(nameof(self_attn), self_attn);
        register_module(nameof(linear1), linear1);
        register_module(nameof(this.dropout), this.dropout);
        register_module(nameof(linear2), linear2);
        register_module(nameof(norm1), norm1);
        register_module(nameof(norm2), norm2);
        register_module(nameof(dropout1), dropout1);
        register_module(nameof(dropout2), dropout2);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = norm1.call(input.add(dropout1.call(self_attn.call(input)), KeptScalars.One));
        var feedForward = dropout2.call(linear2.call(dropout.call(nn.functional.relu(linear1.call(x)))));
        return norm2.call(x.add(feedForward, KeptScalars.One)).MoveToOuterDisposeScope();
    }
}
