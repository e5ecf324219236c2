using BindingConformance.Oracles.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// The <see cref="LayerKind.TransformerEncoder"/> layer: learned positions, post-norm encoder layers,
/// mean over time. Parameter names follow PyTorch (<c>positions</c>, <c>layers.{i}.self_attn.…</c>); layer i's dropouts
/// are harness draw sites <c>firstSite + 4i …</c> (<see cref="EncoderLayer"/>).
/// </summary>
internal sealed class PositionalTransformerEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Parameter positions;
    private readonly ModuleList<EncoderLayer> layers;

    public PositionalTransformerEncoder(LayerSpec spec, long firstSite) : base(spec.Name)
    {
        var modelSize = spec.Int("d_model");
        using (var scale = 0.02.ToScalar())
        using (var drawn = torch.randn(spec.Int("max_length"), modelSize))
            positions = new Parameter(drawn.mul(scale));
        layers = new ModuleList<EncoderLayer>(Enumerable.Range(0, spec.Int("layers"))
            .Select(i => new EncoderLayer(modelSize, spec.Int("heads"), spec.Int("feed_forward"), spec.Real("dropout"), firstSite + i * EncoderLayer.Sites))
            .ToArray());
        register_parameter(nameof(positions), positions);
        register_module(nameof(layers), layers);
    }

    public override Tensor forward(Tensor input)
    {
        var length = input.shape[1];
        if (length > positions.shape[0])
            throw new OracleException($"sequence length {length} exceeds the encoder's max_length {positions.shape[0]}");
        // Sequence-first inside, as PyTorch's encoder layer: [L, N, E].
        var x = input.add(positions[..(int)length], KeptScalars.One).transpose(0, 1);
        foreach (var layer in layers) x = layer.call(x);
        return x.mean([0]);
    }
}
