using BindingConformance.Oracles.Hybridization;
using TorchSharp;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// The hazard probes of <see cref="HazardProbes"/> written in TorchSharp, run eagerly: C# control flow on tensor values,
/// a C# counter, a C# field for the scale. What changes between capture and the cases is already applied
/// (evaluation mode, scale 3).
/// </summary>
internal static class EagerHazardProbes
{
    // The probes' constants, held for the process as libtorch reads them (KeptScalars).
    private static readonly Scalar Two = 2.ToScalar();
    private static readonly Scalar Half = 0.5.ToScalar();
    private static readonly Scalar NineTenths = 0.9.ToScalar();
    private static readonly Scalar Three = 3.0.ToScalar();

    public static ProbeProgram Create(string probe, torch.Device device) => probe switch
    {
        HazardProbes.TensorBranch => Stateless(x => x.sum().item<float>() > 0 ? x.mul(Two) : x.sub(KeptScalars.One)),
        HazardProbes.DataLoop => Stateless(DataLoop),
        HazardProbes.BakedBatch => Stateless(x => x.reshape(x.shape[0], -1).mean([1])),
        HazardProbes.SideEffectCounter => Counter(),
        HazardProbes.TrainEvalBatchNorm => BatchNorm(device),
        // The scale is 2 at capture and 3 when the cases run; eager reads the current value.
        HazardProbes.CapturedScalar => Stateless(x => x.mul(Three)),
        HazardProbes.InPlaceInput => Stateless(x => x.add_(KeptScalars.One, KeptScalars.One).mul(Two)),
        HazardProbes.VariableLengthRnn => Stateless(Rnn),
        _ => throw new OracleException($"unknown hazard probe '{probe}' (known: {string.Join(", ", HazardProbes.Hazards)})"),
    };

    private static ProbeProgram Stateless(Func<Tensor, Tensor> forward) => new(forward, null, null);

    private static Tensor DataLoop(Tensor x)
    {
        var trips = (int)x[0, 0].item<float>();
        for (var trip = 0; trip < trips; trip++) x = x.mul(Half).add(KeptScalars.One, KeptScalars.One);
        return x;
    }

    private static Tensor Rnn(Tensor x)
    {
        var h = torch.zeros_like(x.select(1, 0));
        for (var t = 0; t < x.shape[1]; t++) h = torch.tanh(x.select(1, t).mul(Half).add(h.mul(NineTenths), KeptScalars.One));
        return h;
    }

    private static ProbeProgram Counter()
    {
        var calls = 0L;
        return new(x =>
        {
            calls++;
            return x.add(KeptScalars.One, KeptScalars.One);
        }, null, () => calls);
    }

    private static ProbeProgram BatchNorm(torch.Device device)
    {
        var norm = nn.BatchNorm1d(8);
        using (torch.no_grad())
        {
            using var mean = 0.5.ToScalar();
            using var variance = 2.0.ToScalar();
            norm.running_mean!.fill_(mean);
            norm.running_var!.fill_(variance);
        }
        norm.eval();
        norm.to(device);
        return new(norm.forward, norm, null);
    }

}

/// <summary>A probe ready to run: its forward, the module that owns its state (disposed after the run) and its call counter.</summary>
internal sealed record ProbeProgram(Func<Tensor, Tensor> Forward, IDisposable? Owner, Func<long>? Calls);
