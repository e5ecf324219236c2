namespace BindingConformance.Oracles.Hybridization;

/// <summary>
/// The hybridization problem categories of Castro Vélez, Khatchadourian, Bagherzadeh and Raja (MSR 2022) that a probe
/// can show: what a divergence between a graph mode and eager execution is classified as.
/// </summary>
public static class HazardCategory
{
    /// <summary>Control flow on a tensor's value (a branch, a data-dependent trip count) frozen by tracing.</summary>
    public const string FrozenControlFlow = "frozen-control-flow";
    /// <summary>A graph over-specialised on the shapes it was built from (baked batch size or sequence length).</summary>
    public const string ShapeSpecialisation = "shape-specialisation";
    /// <summary>A Python side effect that runs only while the graph is built.</summary>
    public const string LostSideEffect = "lost-side-effect";
    /// <summary>A train/eval-dependent layer captured in one mode and replayed in the other.</summary>
    public const string FrozenTrainingMode = "frozen-training-mode";
    /// <summary>Exposed variable state: a Python scalar or global captured as a constant, an in-place update of an input.</summary>
    public const string ExposedState = "exposed-state";
    /// <summary>The mode cannot capture or run the code at all (a compilation error, an unsupported construct).</summary>
    public const string ExecutionModeIncompatibility = "execution-mode-incompatibility";
    /// <summary>The graph runs slower than eager execution.</summary>
    public const string PerformanceRegression = "performance-regression";
    /// <summary>Hazard-free control models: any divergence is unexplained.</summary>
    public const string None = "none";
}
