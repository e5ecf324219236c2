using BindingConformance.Oracles.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// The <see cref="LayerKind.TransformerEncoder"/> layer: learned positions, post-norm encoder layers,
/// mean over time. Parameter names follow PyTorch (<c>positions</c>, <c>layers.{i}.self_attn.…</c>).
/// </summary>
internal sealed class PositionalTransformerEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Parameter positions;
    private readonly ModuleList<TransformerEncoderLayer> layers;

    public PositionalTransformerEncoder(LayerSpec spec) : base(spec.Name)
    {
        var modelSize = spec.Int("d_model");
        positions = new Parameter(torch.randn(spec.Int("max_length"), modelSize) * 0.02);
        layers = new ModuleList<TransformerEncoderLayer>(Enumerable.Range(0, spec.Int("layers"))
            .Select(_ => nn.TransformerEncoderLayer(modelSize, spec.Int("heads"), spec.Int("feed_forward"), spec.Real("dropout")))
            .ToArray());
        register_parameter(nameof(positions), positions);
        register_module(nameof(layers), layers);
    }

    public override Tensor forward(Tensor input)
    {
        var length = input.shape[1];
        if (length > positions.shape[0])
            throw new OracleException($"sequence length {length} exceeds the encoder's max_length {positions.shape[0]}");
        // TorchSharp's encoder layer is sequence-first: [L, N, E].
        var x = (input + positions[..(int)length]).transpose(0, 1);
        foreach (var layer in layers) x = layer.call(x);
        return x.mean([0]);
    }
}
