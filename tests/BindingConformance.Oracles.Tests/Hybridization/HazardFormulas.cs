using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Oracles.Tests.Hybridization;

/// <summary>What each hazard probe computes eagerly, straight from the formulas HazardProbes documents.</summary>
public static class HazardFormulas
{
    public static float[] Expected(string probe, NamedTensor input)
    {
        var x = input.ToFloats();
        var shape = input.Shape;
        return probe switch
        {
            HazardProbes.TensorBranch => x.Sum() > 0 ? [.. x.Select(v => v * 2)] : [.. x.Select(v => v - 1)],
            HazardProbes.DataLoop => DataLoop(x),
            HazardProbes.BakedBatch => RowMeans(x, (int)shape[0]),
            HazardProbes.SideEffectCounter => [.. x.Select(v => v + 1)],
            HazardProbes.TrainEvalBatchNorm => [.. x.Select(v => (float)((v - 0.5) / Math.Sqrt(2 + 1e-5)))],
            HazardProbes.CapturedScalar => [.. x.Select(v => v * 3)],
            HazardProbes.InPlaceInput => [.. x.Select(v => (v + 1) * 2)],
            HazardProbes.VariableLengthRnn => Rnn(x, (int)shape[0], (int)shape[1], (int)shape[2]),
            _ => throw new ArgumentException($"no formula for probe '{probe}'"),
        };
    }

    /// <summary>The eager formula of tensor-branch's positive branch (what a trace captured on the positive case runs).</summary>
    public static float[] PositiveBranch(NamedTensor input) => [.. input.ToFloats().Select(v => v * 2)];

    public static float[] RowMeans(float[] x, int rows)
    {
        var width = x.Length / rows;
        return [.. Enumerable.Range(0, rows).Select(r => x.Skip(r * width).Take(width).Average())];
    }

    private static float[] DataLoop(float[] x)
    {
        var y = (float[])x.Clone();
        for (var trip = 0; trip < (int)x[0]; trip++)
            for (var i = 0; i < y.Length; i++) y[i] = y[i] * 0.5f + 1;
        return y;
    }

    private static float[] Rnn(float[] x, int batch, int length, int features)
    {
        var h = new float[batch * features];
        for (var t = 0; t < length; t++)
            for (var b = 0; b < batch; b++)
                for (var f = 0; f < features; f++)
                    h[b * features + f] = MathF.Tanh(0.5f * x[(b * length + t) * features + f] + 0.9f * h[b * features + f]);
        return h;
    }
}
