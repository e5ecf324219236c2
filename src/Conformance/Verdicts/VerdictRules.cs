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
    /// only expected to be statistically alike. The study's largest clean value across bindings was 0.019.
    /// </summary>
    public double DtwBound { get; init; } = 0.02;

    /// <summary>
    /// Largest relative difference of one training step's loss when the two bindings computed one identity-probe step
    /// bit for bit alike (same kernels): then every step of a seed's trajectory must agree to this precision.
    /// </summary>
    public double TrajectoryLossTolerance { get; init; } = 1e-6;

    /// <summary>
    /// Largest |logit difference| of float32 models between two evaluations of the same weights (any pass, any
    /// binding, any backend). Clean runs here stay below 8.6e-6 (tfjs wasm against cpu; ONNX Runtime 3.8e-6).
    /// </summary>
    public double Float32LogitTolerance { get; init; } = 1e-4;

    /// <summary>
    /// Identity probe: above this relative difference (loss, logits or the weight update of one step from the same
    /// weights), two bindings of one framework do not even agree to rounding, and the probe itself fails.
    /// </summary>
    public double IdentityProbeRoundingTolerance { get; init; } = 1e-3;
}
