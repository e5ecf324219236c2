using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles;

/// <summary>What one training step (<see cref="ITrainingStepProbe"/>) saw and produced.</summary>
/// <param name="Loss">The batch's mean cross-entropy, as the binding computed it, before the step.</param>
/// <param name="Logits">Row-major [n, classes] logits of the training-mode forward pass the loss came from.</param>
/// <param name="UpdatedWeights">The whole state dict after the step, under its PyTorch names, in the binding's order.</param>
public sealed record TrainingStepResult(double Loss, float[] Logits, IReadOnlyList<NamedTensor> UpdatedWeights);
