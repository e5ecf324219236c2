namespace BindingConformance.Oracles;

/// <summary>What one training run measured.</summary>
/// <param name="TrainAccuracy">Accuracy on the training split after each epoch.</param>
/// <param name="TestAccuracy">Accuracy on the test split after each epoch.</param>
/// <param name="TrainingSeconds">Training time excluding per-epoch evaluation, device work synchronised.</param>
/// <param name="BindingVersion">Version string of the binding that trained.</param>
public sealed record TrainResult(
    IReadOnlyList<double> TrainAccuracy,
    IReadOnlyList<double> TestAccuracy,
    double FinalTestAccuracy,
    double TrainingSeconds,
    string BindingVersion,
    IReadOnlyList<ModelExport> Exports)
{
    /// <summary>Mini-batch mean loss of every optimizer step, in order; empty when the binding does not report it.</summary>
    public IReadOnlyList<double> StepLosses { get; init; } = [];

    /// <summary>Row-major [test count, classes] logits of the trained in-memory model on the test split, before saving.</summary>
    public float[]? FinalTestLogits { get; init; }
}
