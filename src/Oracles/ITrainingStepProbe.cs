namespace BindingConformance.Oracles;

/// <summary>
/// The identity probe of PyTorch-family bindings: a few training steps from given weights on given batches. Two
/// bindings whose steps agree to float rounding are expected to follow identical per-seed trajectories; bindings
/// without it (ONNX Runtime; a worker binding whose hello does not declare <c>training_step</c>, whose step is refused)
/// are compared statistically only.
/// </summary>
public interface ITrainingStepProbe
{
    /// <summary>
    /// Why this binding does not run the probe here (a worker that does not declare <c>training_step</c>, or speaks a
    /// protocol whose step takes one batch), or null when it does: the identity probe then reports it did not run, with
    /// this reason, instead of asking.
    /// </summary>
    string? WhyNoStep { get; }

    /// <summary>
    /// Loads the weights and builds a fresh optimizer of the model's spec; then, for each batch k in order, in training
    /// mode with the harness draws of (seed, k): a forward pass, the loss, a backward pass and one optimizer step. Returns
    /// each step's loss, the first step's logits and gradients, and the weights after the last step.
    /// </summary>
    Task<TrainingStepResult> StepAsync(TrainingStepRequest request, CancellationToken cancellationToken = default);
}
