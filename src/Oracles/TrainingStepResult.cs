using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles;

/// <summary>What the steps of one <see cref="TrainingStepRequest"/> (<see cref="ITrainingStepProbe"/>) saw and produced.</summary>
/// <param name="Losses">Each step's mean cross-entropy on its batch, as the binding computed it, before that step's update.</param>
/// <param name="Logits">Row-major [n, classes] logits of the first step's training-mode forward pass.</param>
/// <param name="UpdatedWeights">The whole state dict after the last step, under its PyTorch names, in the binding's order.</param>
/// <param name="Gradients">
/// The first step's gradient of every parameter (F32, the parameter's shape), under its PyTorch state-dict name, in the
/// binding's order; a parameter the loss does not reach has a zero gradient.
/// </param>
public sealed record TrainingStepResult(IReadOnlyList<double> Losses, float[] Logits, IReadOnlyList<NamedTensor> UpdatedWeights,
    IReadOnlyList<NamedTensor> Gradients);
