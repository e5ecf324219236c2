using TorchSharp;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// Inverted dropout whose mask is the harness's draw at (seed, step, <see cref="Site"/>) (<see cref="HarnessRandom"/>):
/// element i is dropped when its uniform draw is below p, the rest are scaled by 1 / (1 − p) as torch's dropout does.
/// Sites number a model's draws in forward order; the training loop sets <see cref="Seed"/> and <see cref="Step"/>
/// before each forward pass (<see cref="SpecModule.DrawFrom"/>). The same as the Python worker's <c>HarnessDropout</c>.
/// </summary>
internal sealed class HarnessDropout : nn.Module<Tensor, Tensor>
{
    private readonly double p;
    // Held by the module: a Scalar made per call would be freed by the finalizer while libtorch reads it (KeptScalars).
    private readonly Scalar dropped;
    private readonly Scalar kept;

    public HarnessDropout(double p, long site, string name = nameof(HarnessDropout)) : base(name)
    {
        if (p is < 0 or >= 1) throw new OracleException($"dropout probability must be in [0, 1), got {p}");
        this.p = p;
        dropped = p.ToScalar();
        kept = (1 - p).ToScalar();
        Site = site;
    }

    public long Site { get; }

    public long Seed { get; set; }

    public long Step { get; set; }

    public override Tensor forward(Tensor input)
    {
        if (!training || p == 0) return input;
        using var scope = NewDisposeScope();
        var mask = HarnessRandom.Uniform(Seed, Step, Site, input.shape, input.device).ge(dropped);
        return input.mul(mask.to(input.dtype).div_(kept)).MoveToOuterDisposeScope();
    }
}
