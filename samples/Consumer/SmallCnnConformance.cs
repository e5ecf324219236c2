using BindingConformance;

namespace Consumer;

/// <summary>
/// A CNN of this owner's own (batch norm, dropout) against PyTorch's Python binding: TorchSharp trains it as Python does, and each
/// binding runs the other's <c>torch.save(model.state_dict())</c> file exactly as its writer trained it.
/// </summary>
[ModelSpec("specs/small-cnn.json")]
public class SmallCnnConformance
{
    [ConformanceTheory(Kind = "training")]
    [Bindings("torchsharp")]
    public async Task Training(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "cross-load")]
    [Bindings("torchsharp")]
    [Formats("pytorch_state_dict", "safetensors")]
    [ReferenceBinding("pytorch-python")]
    public async Task FromPython(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "cross-load")]
    [Bindings("pytorch-python")]
    [Formats("pytorch_state_dict")]
    [ReferenceBinding("torchsharp")]
    public async Task IntoPython(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    /// <summary>This project references no ONNX Runtime package, so its cell is skipped naming the packages to add.</summary>
    [ConformanceTheory(Kind = "cross-load")]
    [Bindings("onnxruntime")]
    [Formats("onnx")]
    [ReferenceBinding("pytorch-python")]
    public async Task OnnxExport(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
