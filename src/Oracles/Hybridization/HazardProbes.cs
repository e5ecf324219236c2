using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.Hybridization;

/// <summary>
/// The probe zoo: one small model per hazard the hybridization study names, plus the zoo's real models as hazard-free
/// controls. The behaviour of each probe is specified here once; every binding builds exactly this (the Python worker's
/// <c>hazard_probes.py</c>, TorchSharp's probes, TorchScript source). Inputs are generated here, so every binding sees the
/// same bytes.
/// </summary>
public static class HazardProbes
{
    /// <summary><c>y = x * 2</c> when <c>x.sum() &gt; 0</c>, else <c>y = x - 1</c>. Cases: positive (capture), negative.</summary>
    public const string TensorBranch = "tensor-branch";

    /// <summary><c>n = int(x[0, 0])</c>, then <c>n</c> times <c>x = x * 0.5 + 1</c>. Cases: n = 2 (capture), n = 5.</summary>
    public const string DataLoop = "data-loop";

    /// <summary><c>b = int(x.shape[0])</c>; <c>y = x.reshape(b, -1).mean(1)</c>. Cases: batch 4 (capture), batch 6.</summary>
    public const string BakedBatch = "baked-batch";

    /// <summary>
    /// A Python counter incremented by every forward call; <c>y = x + 1</c>. <see cref="ProbeRunResult.SideEffects"/> is the
    /// counter's increase while the cases ran (eager: one per case).
    /// </summary>
    public const string SideEffectCounter = "side-effect-counter";

    /// <summary>
    /// Batch norm over 8 features (weight 1, bias 0, running mean 0.5, running variance 2, eps 1e-5) captured in training
    /// mode, then the cases run in evaluation mode (running statistics). Cases: two batches of 4.
    /// </summary>
    public const string TrainEvalBatchNorm = "train-eval-batch-norm";

    /// <summary>
    /// <c>y = x * scale</c> with a Python float attribute <c>scale</c> = 2 at capture, set to 3 before the cases run.
    /// </summary>
    public const string CapturedScalar = "captured-scalar";

    /// <summary>
    /// <c>x.add_(1); y = x * 2</c>: the caller's input is updated in place. <see cref="ProbeRunResult.SideEffects"/> is the
    /// number of cases whose input tensor changed.
    /// </summary>
    public const string InPlaceInput = "in-place-input";

    /// <summary>
    /// An elementwise RNN over a batch-first sequence [n, L, 4]: <c>h = tanh(0.5 x_t + 0.9 h)</c> from <c>h = 0</c>, in a
    /// Python loop over <c>x.shape[1]</c>; <c>y</c> = the last <c>h</c>. Cases: L = 5 (capture), L = 9.
    /// </summary>
    public const string VariableLengthRnn = "variable-length-rnn";

    /// <summary>Hazard-free controls: the zoo's models (smoke-tier specs) on fresh weights.</summary>
    public static IReadOnlyList<string> Controls { get; } = [ModelZoo.LeNet1, ModelZoo.LeNet5, ModelZoo.Lstm, ModelZoo.Gru, ModelZoo.Bert];

    public static IReadOnlyList<string> Hazards { get; } =
        [TensorBranch, DataLoop, BakedBatch, SideEffectCounter, TrainEvalBatchNorm, CapturedScalar, InPlaceInput, VariableLengthRnn];

    public static IReadOnlyList<string> Names { get; } = [.. Hazards, .. Controls];

    // Fixed, so every run and every binding sees the same inputs.
    private const int InputSeed = 20261130;

    /// <summary>The probe named <paramref name="name"/>; unknown names throw listing the known ones.</summary>
    public static HazardProbe Get(string name) => name switch
    {
        TensorBranch => new(name, "a branch on the sign of x.sum()", HazardCategory.FrozenControlFlow, null,
            [Uniform("positive", 0.1f, 1f, 4, 8), Uniform("negative", -1f, -0.1f, 4, 8)]),
        DataLoop => new(name, "a loop whose trip count is x[0, 0]", HazardCategory.FrozenControlFlow, null,
            [TripCount("two-trips", 2), TripCount("five-trips", 5)]),
        BakedBatch => new(name, "a reshape to the batch size read as a Python int", HazardCategory.ShapeSpecialisation, null,
            [Uniform("batch-4", -1f, 1f, 4, 8), Uniform("batch-6", -1f, 1f, 6, 8)]),
        SideEffectCounter => new(name, "a Python counter incremented in forward", HazardCategory.LostSideEffect, null,
            [Uniform("first", -1f, 1f, 4, 8), Uniform("second", -1f, 1f, 4, 8), Uniform("third", -1f, 1f, 4, 8)]),
        TrainEvalBatchNorm => new(name, "batch norm captured in training mode, run in evaluation mode", HazardCategory.FrozenTrainingMode, null,
            [Uniform("batch-a", -1f, 3f, 4, 8), Uniform("batch-b", -2f, 2f, 4, 8)]),
        CapturedScalar => new(name, "a Python float attribute changed after capture", HazardCategory.ExposedState, null,
            [Uniform("capture", -1f, 1f, 4, 8), Uniform("after-change", -1f, 1f, 4, 8)]),
        InPlaceInput => new(name, "an in-place update of the input", HazardCategory.ExposedState, null,
            [Uniform("first", -1f, 1f, 4, 8), Uniform("second", -1f, 1f, 4, 8)]),
        VariableLengthRnn => new(name, "a Python loop over the sequence length", HazardCategory.ShapeSpecialisation, null,
            [Uniform("length-5", -1f, 1f, 3, 5, 4), Uniform("length-9", -1f, 1f, 3, 9, 4)]),
        _ when Controls.Contains(name) => Control(ModelZoo.Get(name)),
        _ => throw new ArgumentException($"unknown hazard probe '{name}' (known: {string.Join(", ", Names)})"),
    };

    private static HazardProbe Control(ModelSpec spec) => new(spec.Name, $"hazard-free control: the zoo's {spec.Name}", HazardCategory.None, spec,
        [ControlInput(spec, "batch-2", 2), ControlInput(spec, "batch-5", 5)]);

    private static NamedTensor ControlInput(ModelSpec spec, string name, int batch)
    {
        long[] shape = [batch, .. spec.InputShape.Select(d => (long)d)];
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var random = new Random(InputSeed + StableHash(spec.Name) + batch);
        if (spec.Layers[0].Kind == LayerKind.Embedding)
        {
            var vocabulary = spec.Layers[0].Int("num_embeddings");
            return NamedTensor.FromInt64(name, Enumerable.Range(0, count).Select(_ => (long)random.Next(vocabulary)).ToArray(), shape);
        }
        return NamedTensor.FromFloats(name, Enumerable.Range(0, count).Select(_ => (float)random.NextDouble()).ToArray(), shape);
    }

    private static NamedTensor Uniform(string name, float low, float high, params long[] shape)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var random = new Random(InputSeed + StableHash(name) + count);
        return NamedTensor.FromFloats(name, Enumerable.Range(0, count).Select(_ => low + (high - low) * (float)random.NextDouble()).ToArray(), shape);
    }

    /// <summary>A [2, 3] batch of small values whose first element is the loop's trip count.</summary>
    private static NamedTensor TripCount(string name, int trips)
    {
        var values = Uniform(name, 0f, 1f, 2, 3).ToFloats();
        values[0] = trips;
        return NamedTensor.FromFloats(name, values, 2, 3);
    }

    // string.GetHashCode is randomised per process; inputs must be the same in every run.
    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c)) & 0xFFFF;
}
