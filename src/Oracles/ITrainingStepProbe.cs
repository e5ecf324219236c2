namespace BindingConformance.Oracles;

/// <summary>
/// The identity probe of PyTorch-family bindings: one training step from given weights on a given batch.
/// Two bindings whose steps agree to float rounding are expected to follow identical per-seed trajectories;
/// bindings without it (ONNX Runtime; a worker binding whose hello does not declare <c>training_step</c>, whose step is
/// refused) are compared statistically only.
/// </summary>
public interface ITrainingStepProbe
{
    /// <summary>Loads the weights, runs one forward pass in training mode, the loss, one backward pass and one
    /// step of a fresh optimizer of the model's spec; returns what that step saw and produced.</summary>
    Task<TrainingStepResult> StepAsync(TrainingStepRequest request, CancellationToken cancellationToken = default);
}
