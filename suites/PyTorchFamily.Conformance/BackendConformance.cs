using BindingConformance;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;

namespace PyTorchFamily.Conformance;

/// <summary>
/// Does a binding's own model predict the same on its alternate inference backend? TensorFlow.js's wasm backend is
/// checked against its cpu backend on the model it trained (the smoke tier trains LeNet-1 in tfjs).
/// </summary>
public class BackendConformance
{
    [ConformanceTheory(Kind = "backend")]
    [Models(ModelZoo.LeNet1)]
    [Bindings("tfjs")]
    [Backends("wasm")]
    public async Task WasmBackend(ConformanceCell cell) => (await cell.RunAsync()).Should().Pass();
}
