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
    public static ProbeProgram Create(string probe, torch.Device device) => probe switch
    {
        HazardProbes.TensorBranch => Stateless(x => x.sum().item<float>() > 0 ? x * 2 : x - 1),
        HazardProbes.DataLoop => Stateless(DataLoop),
        HazardProbes.BakedBatch => Stateless(x => x.reshape(x.shape[0], -1).mean([1])),
        HazardProbes.SideEffectCounter => Counter(),
        HazardProbes.TrainEvalBatchNorm => BatchNorm(device),
        // The scale is 2 at capture and 3 when the cases run; eager reads the current value.
        HazardProbes.CapturedScalar => Stateless(x => x * 3.0),
        HazardProbes.InPlaceInput => Stateless(x => x.add_(1) * 2),
        HazardProbes.VariableLengthRnn => Stateless(Rnn),
        _ => throw new OracleException($"unknown hazard probe '{probe}' (known: {string.Join(", ", HazardProbes.Hazards)})"),
    };

    private static ProbeProgram Stateless(Func<Tensor, Tensor> forward) => new(forward, null, null);

    private static Tensor DataLoop(Tensor x)
    {
        var trips = (int)x[0, 0].item<float>();
        for (var trip = 0; trip < trips; trip++) x = x * 0.5 + 1;
        return x;
    }

    private static Tensor Rnn(Tensor x)
    {
        var h = torch.zeros_like(x.select(1, 0));
        for (var t = 0; t < x.shape[1]; t++) h = torch.tanh(0.5 * x.select(1, t) + 0.9 * h);
        return h;
    }

    private static ProbeProgram Counter()
    {
        var calls = 0L;
        return new(x =>
        {
            calls++;
            return x + 1;
        }, null, () => calls);
    }

    private static ProbeProgram BatchNorm(torch.Device device)
    {
        var norm = nn.BatchNorm1d(8);
        using (torch.no_grad())
        {
            norm.running_mean!.fill_(0.5);
            norm.running_var!.fill_(2.0);
        }
        norm.eval();
        norm.to(device);
        return new(norm.forward, norm, null);
    }

}

/// <summary>A probe ready to run: its forward, the module that owns its state (disposed after the run) and its call counter.</summary>
internal sealed record ProbeProgram(Func<Tensor, Tensor> Forward, IDisposable? Owner, Func<long>? Calls);
