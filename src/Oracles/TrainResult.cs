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
    /// <summary>
    /// The training loss of every optimizer step, in step order: the mini-batch mean cross-entropy as the
    /// binding computed it, before that step updated the weights. Empty where the oracle does not report it.
    /// </summary>
    public IReadOnlyList<double> StepLosses { get; init; } = [];

    /// <summary>
    /// The trained in-memory model's logits on the test split in evaluation mode, row-major [test count,
    /// classes], computed before any export was written; a saved file re-loaded by the same binding should
    /// reproduce them. Null where the oracle does not report them.
    /// </summary>
    public float[]? FinalTestLogits { get; init; }
}
