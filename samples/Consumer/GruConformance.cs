using BindingConformance;

namespace Consumer;

/// <summary>
/// A GRU classifier of this owner's own, on its own data (<c>specs/mnist-rows.npz</c>): TorchSharp trains it as Python does; the
/// TensorFlow.js cell is skipped in tfjs's words (its GRU is not PyTorch's).
/// </summary>
[ModelSpec("specs/gru-classifier.json")]
public class GruConformance
{
    [ConformanceTheory(Kind = "training")]
    [Bindings("torchsharp", "tfjs")]
    public async Task Training(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "cross-load")]
    [Bindings("torchsharp")]
    [Formats("pytorch_state_dict")]
    [ReferenceBinding("pytorch-python")]
    public async Task FromPython(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
