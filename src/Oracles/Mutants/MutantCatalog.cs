using BindingConformance.IO;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.Mutants;

/// <summary>
/// Realistic binding bugs, one entry each, to measure what a conformance run catches (<c>conformance sensitivity</c>).
/// Files are rewritten with the real format writers (<see cref="WeightFiles"/>, <see cref="SafetensorsWriter"/>);
/// a weight-file bug leaves formats that are not plain state dicts (TorchScript, ONNX, TensorFlow.js) as they are.
/// </summary>
public static class MutantCatalog
{
    /// <summary>Learning-rate factor of <c>lr-drift</c>: a 5 % drift, as from a default read from the wrong place.</summary>
    public const double LearningRateDrift = 1.05;

    /// <summary>Added to the seed by <c>init-drift</c>: far from any seed a run uses.</summary>
    public const int InitSeedOffset = 1_000_003;

    /// <summary>Input scale of <c>train-input-scaled</c>: a 10 % normalisation drift.</summary>
    public const float TrainInputScale = 1.1f;

    /// <summary>Bound of the uniform noise <c>logit-noise</c> adds to each logit.</summary>
    public const float LogitNoise = 1e-3f;

    /// <summary>Drop probability of <c>dropout-in-eval</c>.</summary>
    public const double EvalDropout = 0.1;

    /// <summary>Adam's second-moment decay of <c>adam-beta2-default</c> (PyTorch's default is 0.999).</summary>
    public const double WrongBeta2 = 0.99;

    /// <summary>Adam's epsilon of <c>adam-epsilon-default</c>: TensorFlow's default (PyTorch's is 1e-8).</summary>
    public const double WrongEpsilon = 1e-7;

    /// <summary>Factor of <c>first-layer-gradient-scaled</c> on the first weighted layer's gradients.</summary>
    public const float GradientScale = 2;

    // Fixed, so a mutant's effect is the same every run; only seed-ignored is meant to vary.
    private const int NoiseSeed = 20241130;

    public static IReadOnlyList<Mutant> All { get; } =
    [
        new("lr-drift", $"the optimizer uses learning rate × {LearningRateDrift}")
        {
            Train = (r, _) => r with { Model = ScaleLearningRate(r.Model, LearningRateDrift) },
            Step = (r, _) => r with { Model = ScaleLearningRate(r.Model, LearningRateDrift) },
        },
        new("init-drift", "weights are initialised from another seed; the batch order is still the harness's")
        {
            Train = (r, _) => r with { Seed = r.Seed + InitSeedOffset },
        },
        new("seed-ignored", "the seed is ignored: every training call initialises from a fresh random seed")
        {
            Train = (r, _) => r with { Seed = Random.Shared.Next() },
            Step = (r, _) => r with { Seed = Random.Shared.Next() },
        },
        new("batch-order-ignored", "the given batch order is ignored: every epoch visits examples 0..N-1 in order")
        {
            Train = (r, _) => r with { BatchOrder = BatchOrder.Of(r.BatchOrder.Epochs.Select(e => Enumerable.Range(0, e.Length).ToArray())) },
        },
        new("loss-sum", "the loss is summed over the batch instead of averaged: gradients and reported losses × batch size (with SGD, learning rate × batch size; with Adam, epsilon ÷ batch size)")
        {
            Train = (r, _) => r with { Model = SumLoss(r.Model, r.Settings.BatchSize) },
            Trained = (r, result) => result with { StepLosses = result.StepLosses.Select(l => l * r.Settings.BatchSize).ToArray() },
            Step = (r, _) => r with { Model = SumLoss(r.Model, r.BatchSize) },
            Stepped = (r, result) => result with
            {
                Losses = result.Losses.Select(l => l * r.BatchSize).ToArray(),
                Gradients = result.Gradients.Select(g => MapFloats(g, v => v * r.BatchSize)).ToArray(),
            },
        },
        new("activation-swap", "tanh layers run as ReLU (and ReLU as tanh), in training and in evaluation")
        {
            WhyNotApplicable = m => m.Layers.Any(l => l.Kind is LayerKind.Tanh or LayerKind.Relu) ? null : "the model has no tanh or ReLU layer",
            Train = (r, _) => r with { Model = SwapActivations(r.Model) },
            Evaluate = (r, _) => r with { Model = SwapActivations(r.Model) },
            Activations = (r, _) => r with { Model = SwapActivations(r.Model) },
            Step = (r, _) => r with { Model = SwapActivations(r.Model) },
        },
        new("weights-transposed-on-load", "loading a state dict flips the first convolution kernel (or transposes the first square weight matrix)")
        {
            WhyNotApplicable = m => HasSquareOrConvolutionWeight(m) ? null : "the model has no convolution kernel and no square weight matrix",
            Evaluate = (r, scratch) => WeightFiles.CanRewrite(r.Format) ? r with { Path = RewriteCopy(r.Format, r.Path, r.Model, scratch) } : r,
            Activations = (r, scratch) => WeightFiles.CanRewrite(r.Format) ? r with { Path = RewriteCopy(r.Format, r.Path, r.Model, scratch) } : r,
            Step = (r, scratch) => r with { WeightsPath = RewriteCopy(ModelFormat.Safetensors, r.WeightsPath, r.Model, scratch) },
        },
        new("float16-on-save", "saved state dicts lose precision: weights rounded to float16")
        {
            Saved = (format, path, model) => RoundWeights(format, path, model, v => (float)(Half)v),
        },
        new("bfloat16-on-save", "saved state dicts lose precision: weights rounded to bfloat16")
        {
            Saved = (format, path, model) => RoundWeights(format, path, model, RoundToBfloat16),
        },
        new("logits-scaled", "inference returns logits × 2 (predictions unchanged)")
        {
            Trained = (_, result) => LogitTransforms.Map(result, Double),
            Evaluated = (_, result) => LogitTransforms.Map(result, (logits, _) => Double(logits)),
        },
        new("logit-noise", $"inference adds uniform noise of ±{LogitNoise} to every logit")
        {
            Trained = (_, result) => LogitTransforms.Map(result, AddNoise),
            Evaluated = (_, result) => LogitTransforms.Map(result, (logits, _) => AddNoise(logits)),
        },
        new("last-batch-dropped", "training skips the last batch of every epoch (the step count is kept: the epoch's first batch is seen twice)")
        {
            Train = (r, _) => r with { BatchOrder = DropLastBatch(r.BatchOrder, r.Settings.BatchSize) },
        },
        new("dropout-in-eval", $"dropout (p = {EvalDropout}) stays active in evaluation, so every pass predicts differently")
        {
            Trained = (_, result) => LogitTransforms.Map(result, logits => Dropout(logits, pass: -1)),
            Evaluated = DropoutInEvaluation,
        },
        new("train-input-scaled", $"training inputs are normalised differently (× {TrainInputScale}); evaluation inputs are not")
        {
            WhyNotApplicable = m => m.Layers.Count > 0 && m.Layers[0].Kind == LayerKind.Embedding ? "the model's inputs are token ids, which have no normalisation" : null,
            Train = (r, scratch) => r with { Data = ScaleTrainInputs(r.Data, scratch) },
            Step = (r, _) => r with { Inputs = ScaleInputs(r.Inputs) },
        },
        new("test-metric-on-train-split", "the reported test accuracy is measured on the training split")
        {
            Trained = (_, result) => result with { TestAccuracy = result.TrainAccuracy, FinalTestAccuracy = result.TrainAccuracy[^1] },
        },
        new("adam-beta2-default", $"Adam's second-moment decay comes from the wrong default ({WrongBeta2} instead of 0.999): invisible in Adam's first step, which is lr × sign(gradient)")
        {
            WhyNotApplicable = m => m.Optimizer.Kind == "adam" ? null : $"the model trains with {m.Optimizer.Kind}, not Adam",
            Train = (r, _) => r with { Model = WithOptimizer(r.Model, o => o with { Beta2 = WrongBeta2 }) },
            Step = (r, _) => r with { Model = WithOptimizer(r.Model, o => o with { Beta2 = WrongBeta2 }) },
        },
        new("adam-epsilon-default", $"Adam's epsilon comes from TensorFlow's default ({WrongEpsilon}) instead of PyTorch's (1e-8)")
        {
            WhyNotApplicable = m => m.Optimizer.Kind == "adam" ? null : $"the model trains with {m.Optimizer.Kind}, not Adam",
            Train = (r, _) => r with { Model = WithOptimizer(r.Model, o => o with { Epsilon = WrongEpsilon }) },
            Step = (r, _) => r with { Model = WithOptimizer(r.Model, o => o with { Epsilon = WrongEpsilon }) },
        },
        new("momentum-reset", "SGD's momentum buffer is reset every step, so momentum has no effect: invisible in the first step, whose buffer is the gradient")
        {
            WhyNotApplicable = m => m.Optimizer is { Kind: "sgd", Momentum: > 0 } ? null : "the model does not train with SGD and momentum",
            Train = (r, _) => r with { Model = WithOptimizer(r.Model, o => o with { Momentum = 0 }) },
            Step = (r, _) => r with { Model = WithOptimizer(r.Model, o => o with { Momentum = 0 }) },
        },
        new("first-layer-gradient-scaled", $"the first weighted layer's gradients come out × {GradientScale} while the forward pass is right " +
                                           "(simulated in the training-step probe's reported gradients only; its updates and the training are the binding's own)")
        {
            Stepped = (r, result) => result with { Gradients = MapGradients(result.Gradients, r.Model, FirstWeightedLayer(r.Model, result.Gradients), v => v * GradientScale) },
        },
        new("activation-derivative-wrong", "the last tanh or ReLU layer's backward pass negates its derivative while its forward is right, so every gradient " +
                                           "below it flips sign (simulated in the training-step probe's reported gradients only; its updates and the training are the binding's own)")
        {
            WhyNotApplicable = m => m.Layers.Any(IsActivation) ? null : "the model has no tanh or ReLU layer",
            Stepped = (r, result) => result with { Gradients = MapGradients(result.Gradients, r.Model, BelowLastActivation(r.Model), v => -v) },
        },
        new("traced-branch-replayed", "a graph mode replays the branch and trip count its capture case took for every input (scripting frozen like a trace)")
        {
            ProbeRan = (r, result) => r.Mode == ExecutionMode.Eager ? result : result with { Outputs = result.Outputs.Select(o => ReplayCaptureBranch(r.Probe, o)).ToArray() },
        },
        new("baked-batch", "a graph mode's outputs keep only the capture case's batch size: rows beyond it are dropped")
        {
            ProbeRan = (r, result) => r.Mode == ExecutionMode.Eager ? result : result with
            {
                Outputs = result.Outputs.Select(o => o.Shape.Count > 0 && o.Shape[0] > r.Probe.Cases[0].Shape[0] ? o.FirstRows((int)r.Probe.Cases[0].Shape[0]) : o).ToArray(),
            },
        },
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(m => m.Name).ToArray();

    /// <summary>The mutant named <paramref name="name"/>; unknown names throw listing the known ones.</summary>
    public static Mutant Get(string name) =>
        All.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"unknown mutant '{name}'; known: {string.Join(", ", Names)}");

    /// <summary>
    /// What a graph frozen on the capture case computes for the case named like <paramref name="output"/>: the capture's
    /// branch (<see cref="HazardProbes.TensorBranch"/>) or trip count (<see cref="HazardProbes.DataLoop"/>) on that case's input.
    /// </summary>
    private static NamedTensor ReplayCaptureBranch(HazardProbe probe, NamedTensor output)
    {
        var input = probe.Cases.FirstOrDefault(c => c.Name == output.Name);
        // Only these two probes branch or loop on a value; other probes' inputs need not even be floats (token ids).
        if (input is null || probe.Name is not (HazardProbes.TensorBranch or HazardProbes.DataLoop)) return output;
        var capture = probe.Cases[0].ToFloats();
        var x = input.ToFloats();
        float[]? replayed = probe.Name switch
        {
            HazardProbes.TensorBranch => capture.Sum() > 0 ? x.Select(v => v * 2).ToArray() : x.Select(v => v - 1).ToArray(),
            HazardProbes.DataLoop => Enumerable.Range(0, (int)capture[0]).Aggregate(x, (y, _) => y.Select(v => v * 0.5f + 1).ToArray()),
            _ => null,
        };
        return replayed is null ? output : NamedTensor.FromFloats(output.Name, replayed, [.. input.Shape]);
    }

    private static bool IsActivation(LayerSpec layer) => layer.Kind is LayerKind.Tanh or LayerKind.Relu;

    /// <summary>The first layer, in forward order, that has a gradient: the first weighted layer.</summary>
    private static IReadOnlySet<LayerSpec> FirstWeightedLayer(ModelSpec model, IReadOnlyList<NamedTensor> gradients) =>
        model.Layers.FirstOrDefault(l => gradients.Any(g => model.LayerOf(g.Name) == l)) is { } first ? new HashSet<LayerSpec> { first } : [];

    /// <summary>Every layer before the last activation: those whose gradients flow back through its derivative.</summary>
    private static IReadOnlySet<LayerSpec> BelowLastActivation(ModelSpec model)
    {
        var last = model.Layers.Select((l, i) => (Layer: l, Index: i)).LastOrDefault(e => IsActivation(e.Layer), (null!, 0)).Index;
        return model.Layers.Take(last).ToHashSet();
    }

    /// <summary>The gradients of <paramref name="layers"/>' parameters mapped by <paramref name="map"/>; the others as they are.</summary>
    private static NamedTensor[] MapGradients(IReadOnlyList<NamedTensor> gradients, ModelSpec model, IReadOnlySet<LayerSpec> layers, Func<float, float> map) =>
        gradients.Select(g => model.LayerOf(g.Name) is { } layer && layers.Contains(layer) ? MapFloats(g, map) : g).ToArray();

    private static ModelSpec SwapActivations(ModelSpec model) => model with
    {
        Layers = model.Layers.Select(l => l.Kind switch
        {
            LayerKind.Tanh => l with { Kind = LayerKind.Relu },
            LayerKind.Relu => l with { Kind = LayerKind.Tanh },
            _ => l,
        }).ToArray(),
    };

    /// <summary>
    /// What a summed loss does to the optimizer: gradients × n. SGD's step scales with them (learning rate × n); Adam's
    /// moments scale by n and n², so its step is Adam's with epsilon ÷ n.
    /// </summary>
    private static ModelSpec SumLoss(ModelSpec model, int batchSize) => model.Optimizer.Kind switch
    {
        "adam" => model with { Optimizer = model.Optimizer with { Epsilon = model.Optimizer.Epsilon / batchSize } },
        _ => ScaleLearningRate(model, batchSize),
    };

    private static ModelSpec ScaleLearningRate(ModelSpec model, double factor) =>
        WithOptimizer(model, o => o with { LearningRate = o.LearningRate * factor });

    private static ModelSpec WithOptimizer(ModelSpec model, Func<OptimizerSpec, OptimizerSpec> change) => model with { Optimizer = change(model.Optimizer) };

    /// <summary>Whether the model has a tensor <see cref="FlipFirstWeight"/> rewrites: a convolution kernel or a square weight matrix.</summary>
    private static bool HasSquareOrConvolutionWeight(ModelSpec model) => model.Layers.Any(l => l.Kind switch
    {
        LayerKind.Conv2d => true,
        LayerKind.Linear => l.Int("in_features") == l.Int("out_features"),
        // The attention's output projection is d_model × d_model.
        LayerKind.TransformerEncoder => true,
        _ => false,
    });

    /// <summary>A copy of the weights at <paramref name="path"/> as the buggy loader sees them (<see cref="FlipFirstWeight"/>).</summary>
    private static string RewriteCopy(ModelFormat format, string path, ModelSpec model, MutantScratch scratch)
    {
        var copy = scratch.NewPath(Path.GetFileName(path));
        WeightFiles.Rewrite(format, path, copy, model, FlipFirstWeight);
        return copy;
    }

    private static void RoundWeights(ModelFormat format, string path, ModelSpec model, Func<float, float> round)
    {
        if (WeightFiles.CanRewrite(format)) WeightFiles.Rewrite(format, path, path, model, tensors => tensors.Select(t => MapFloats(t, round)));
    }

    private static NamedTensor MapFloats(NamedTensor tensor, Func<float, float> map) =>
        tensor.Dtype == TensorDtype.F32 ? NamedTensor.FromFloats(tensor.Name, tensor.ToFloats().Select(map).ToArray(), [.. tensor.Shape]) : tensor;

    /// <summary>Round to nearest even on the upper 16 bits, as <c>torch.Tensor.bfloat16()</c> does; NaN stays NaN.</summary>
    internal static float RoundToBfloat16(float value)
    {
        if (float.IsNaN(value)) return value;
        var bits = BitConverter.SingleToUInt32Bits(value);
        bits += 0x7FFFu + ((bits >> 16) & 1u);
        return BitConverter.UInt32BitsToSingle(bits & 0xFFFF0000u);
    }

    /// <summary>
    /// The first convolution kernel (by name) rotated by 180° in its spatial axes — convolution confused with
    /// cross-correlation; in a model without one, the first square weight matrix transposed.
    /// </summary>
    internal static IEnumerable<NamedTensor> FlipFirstWeight(IReadOnlyList<NamedTensor> tensors)
    {
        var floats = tensors.Where(t => t.Dtype == TensorDtype.F32).OrderBy(t => t.Name, StringComparer.Ordinal).ToArray();
        var target = floats.FirstOrDefault(t => t.Shape.Count == 4)
                     ?? floats.FirstOrDefault(t => t.Shape.Count == 2 && t.Shape[0] == t.Shape[1]);
        return tensors.Select(t => t != target ? t : t.Shape.Count == 4 ? RotateKernels(t) : Transpose(t));
    }

    private static NamedTensor RotateKernels(NamedTensor kernel)
    {
        var values = kernel.ToFloats();
        var area = checked((int)(kernel.Shape[2] * kernel.Shape[3]));
        for (var start = 0; start < values.Length; start += area) Array.Reverse(values, start, area);
        return NamedTensor.FromFloats(kernel.Name, values, [.. kernel.Shape]);
    }

    private static NamedTensor Transpose(NamedTensor matrix)
    {
        var n = checked((int)matrix.Shape[0]);
        var values = matrix.ToFloats();
        var transposed = new float[values.Length];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
            transposed[j * n + i] = values[i * n + j];
        return NamedTensor.FromFloats(matrix.Name, transposed, [.. matrix.Shape]);
    }

    private static float[] AddNoise(float[] logits)
    {
        var random = new Random(NoiseSeed);
        return logits.Select(v => v + (float)((random.NextDouble() * 2 - 1) * LogitNoise)).ToArray();
    }

    private static BatchOrder DropLastBatch(BatchOrder order, int batchSize) => BatchOrder.Of(order.Epochs.Select(epoch =>
    {
        var last = epoch.Length % batchSize == 0 ? batchSize : epoch.Length % batchSize;
        if (last >= epoch.Length) return epoch;
        return [.. epoch[..^last], .. epoch[..last]];
    }));

    private static float[] Double(float[] logits) => logits.Select(v => v * 2).ToArray();

    /// <summary>
    /// Each pass's logits with every logit dropped (zeroed) with probability <see cref="EvalDropout"/> and the rest
    /// scaled by 1 / (1 − p), as inverted dropout does; correct counts recomputed against the real test labels.
    /// </summary>
    private static EvaluateResult DropoutInEvaluation(EvaluateRequest request, EvaluateResult result)
    {
        var labels = SafetensorsReader.Read(request.Data.Path)[DatasetCatalog.TestLabels].ToInt64();
        // An oracle that reports only the first pass's logits ran the same model on every pass: start each from those.
        var passes = result.CorrectPerPass.Select((_, pass) => Dropout(result.PassLogits[Math.Min(pass, result.PassLogits.Count - 1)], pass)).ToArray();
        if (passes.Length == 0) return result;
        var correct = passes.Select(logits => LogitPredictions.CountCorrect(logits, labels, result.Classes));
        return result with { PassLogits = passes, CorrectPerPass = correct.ToArray() };
    }

    /// <summary>One pass of inverted dropout on logits; the mask depends only on <paramref name="pass"/>.</summary>
    private static float[] Dropout(float[] logits, int pass)
    {
        var random = new Random(NoiseSeed + pass);
        return logits.Select(v => random.NextDouble() < EvalDropout ? 0f : (float)(v / (1 - EvalDropout))).ToArray();
    }

    /// <summary>Image inputs × <see cref="TrainInputScale"/>; token ids have no normalisation to drift.</summary>
    private static NamedTensor ScaleInputs(NamedTensor inputs) =>
        inputs.Dtype != TensorDtype.F32 ? inputs
        : NamedTensor.FromFloats(inputs.Name, inputs.ToFloats().Select(v => v * TrainInputScale).ToArray(), [.. inputs.Shape]);

    private static DatasetRef ScaleTrainInputs(DatasetRef data, MutantScratch scratch)
    {
        var file = SafetensorsReader.Read(data.Path);
        var inputs = file[DatasetCatalog.TrainInputs];
        var scaled = ScaleInputs(inputs);
        if (scaled == inputs) return data;
        var copy = scratch.NewPath(Path.GetFileName(data.Path));
        AtomicFile.Write(copy, stream => SafetensorsWriter.Write(stream, file.Tensors.Select(t => t == inputs ? scaled : t), file.Metadata));
        return data with { Path = copy };
    }
}
