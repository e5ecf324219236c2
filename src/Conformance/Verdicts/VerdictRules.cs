namespace BindingConformance.Verdicts;

/// <summary>
/// Every bound a verdict uses, in one place. <c>docs/verdicts.md</c> gives each one's rationale and the clean
/// margin measured on this project's machines; the CLI runner, the xunit suites and the snapshot comparer all
/// read these values, so one cell cannot be judged by two rules.
/// </summary>
public sealed record VerdictRules
{
    public static VerdictRules Default { get; } = new();

    /// <summary>Family-wise significance level; each test of a family runs at <c>Alpha / family size</c> (Bonferroni).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>
    /// Largest normalised DTW (distance / epochs, max over seed pairs) between training-accuracy curves when runs are
    /// only expected to be statistically alike. The study's largest clean value across bindings was 0.019. A model may
    /// state its own (<c>ModelPlan.Bounds</c>: the text models' curves part more, up to 0.031 against another seed's).
    /// </summary>
    public double DtwBound { get; init; } = 0.02;

    /// <summary>
    /// Largest relative difference of a training step's loss between a binding and its reference when the identity
    /// probe found them the same engine to rounding: every step of every seed's trajectory is held to it. A model whose
    /// training amplifies rounding states its own (<c>ModelPlan.Bounds</c>: BERT 1e-2).
    /// </summary>
    public double TrajectoryLossTolerance { get; init; } = 1e-3;

    /// <summary>Largest |difference| of a per-epoch train or test accuracy under the same condition (2 examples in 1,000).</summary>
    public double TrajectoryAccuracyTolerance { get; init; } = 2e-3;

    /// <summary>
    /// Identity probe, engine: at or below this relative difference of the first step's forward and backward pass (loss,
    /// logits, each parameter's gradient in L2 norm) two bindings are the same engine up to float32 rounding. Clean runs
    /// measure 4e-6 at most on the zoo's models (seeds 1–20) and 6.1e-5 on the sample SmallCnn (batch norm); BERT with
    /// seeds 15–16 measures 6.1e-4, an element at a ReLU's kink that libtorch 2.10 and 1.13 round to different sides,
    /// after which 5 Adam steps part by 4.6e-3. Such a split is not rounding: the bound (1e-3 before) lies between the two.
    /// </summary>
    public double SameEngineTolerance { get; init; } = 2e-4;

    /// <summary>
    /// Identity probe, optimizer: where the engine is the same, the largest relative difference of a later step's loss or a
    /// parameter's update after the probe's steps (over the elements whose first gradients both resolve alike).
    /// </summary>
    public double SameEngineStepTolerance { get; init; } = 1e-3;

    /// <summary>
    /// Identity probe: a gradient element is resolved alike by two engines when they give it within this relative
    /// difference of each other; Adam turns an unresolved one (rounding of an exact zero) into a ±lr step of random sign.
    /// </summary>
    public double ResolvedGradientTolerance { get; init; } = 1e-2;

    /// <summary>
    /// Identity probe: a gradient element at most this fraction of its tensor's largest is the rounding of an exact zero
    /// (attention's key bias: 1e-8 of the tensor's largest here, against 4e-6 for the smallest real element measured), and
    /// the update Adam makes of it is noise.
    /// </summary>
    public double NegligibleGradient { get; init; } = 1e-6;

    /// <summary>
    /// Identity probe and gradient cells: a parameter's gradient is measured against at least this fraction of the model's
    /// largest gradient norm. A tensor whose exact gradient is zero (a convolution's bias before batch norm: 8e-16 in
    /// float64) holds float32 rounding alone, 1.6e-7 of the largest norm in a small CNN with batch norm (docs/verdicts.md,
    /// "Gradients whose exact value is zero"), which divided by itself is noise over noise. At 1e-3 the sample SmallCnn's
    /// trained weights still gave 6.1e-4, too near the same-engine bound; a scaled or negated real gradient (a bias's is
    /// 1e-2 to 1e-1 of the largest) still moves by its own size against this floor.
    /// </summary>
    public double GradientNormFloor { get; init; } = 1e-2;

    /// <summary>
    /// Largest |logit difference| of float32 models between two evaluations of the same weights (any pass, any
    /// binding, any backend). Clean runs here stay below 8.6e-6 (tfjs wasm against cpu; ONNX Runtime 3.8e-6).
    /// </summary>
    public double Float32LogitTolerance { get; init; } = 1e-4;

    /// <summary>
    /// Identity probe: above <see cref="SameEngineTolerance"/> and up to this, a different but correct engine (reduced
    /// precision kernels such as TF32, another release's recurrent kernels), judged statistically; above it the step
    /// itself disagrees (a learning rate 5 % off moves every update by 5e-2) and the probe fails.
    /// </summary>
    public double IdentityProbeTolerance { get; init; } = 1e-2;

    /// <summary>
    /// Layer localisation (<c>conformance compare</c>, repro bundles): a layer diverges when its output's relative
    /// deviation ‖actual − expected‖ / ‖expected‖ exceeds this. Clean bindings loading one file agree to 7.8e-8 relative
    /// at most on every LeNet1 layer here (Python PyTorch 1.13 against TorchSharp, the committed fixture, 64 test digits);
    /// float16 rounding of the weights alone moves the first layer by 1.0e-4.
    /// </summary>
    public double LayerDeviationThreshold { get; init; } = 1e-5;

    /// <summary>
    /// The first diverging layer is the first above <see cref="LayerDeviationThreshold"/> whose relative deviation is at
    /// least this many times the previous layer's: where a fault enters, not where an earlier one has grown.
    /// </summary>
    public double LayerDeviationJump { get; init; } = 10;

    /// <summary>
    /// Practical threshold of a graph-against-eager time verdict, as BenchmarkDotNet/Perfolizer state one: a graph mode is
    /// slower (faster) only when its times are significantly above eager's × (1 + this) (below eager's ÷ (1 + this)) by a
    /// one-sided Mann-Whitney U test at <see cref="Alpha"/>; otherwise the same.
    /// </summary>
    public double GraphSpeedThreshold { get; init; } = 0.05;
}
