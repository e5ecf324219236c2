using BindingConformance;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;

namespace PyTorchFamily.Conformance;

/// <summary>
/// Does each binding load another PyTorch-family binding's saved model and predict exactly what it predicted? The
/// reference binding is the file's writer; the cell's binding loads it.
/// </summary>
[Models(ModelZoo.LeNet1, ModelZoo.LeNet5)]
[Devices(Device.Cpu, Device.Cuda)]
public class CrossLoadConformance
{
    [ConformanceTheory(Kind = "cross-load")]
    [Bindings("pytorch-python", "torchsharp", "onnxruntime", "tch-rs")]
    [Formats("safetensors", "torchsharp", "torchscript_traced", "torchscript_scripted", "onnx")]
    [ReferenceBinding("pytorch-python")]
    public async Task FromPython(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();

    [ConformanceTheory(Kind = "cross-load")]
    [Bindings("pytorch-python", "torchsharp")]
    [Formats("safetensors", "torchsharp")]
    [ReferenceBinding("torchsharp")]
    public async Task FromTorchSharp(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
