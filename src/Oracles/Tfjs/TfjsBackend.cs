namespace BindingConformance.Oracles.Tfjs;

/// <summary>
/// TensorFlow.js backends the oracle can run inference on. Training always uses <see cref="Cpu"/>: the
/// wasm backend has no Conv2DBackpropFilter kernel. Comparing the two is a within-binding conformance check.
/// </summary>
public enum TfjsBackend
{
    /// <summary>The pure-JavaScript backend (<c>@tensorflow/tfjs-backend-cpu</c>).</summary>
    Cpu,
    /// <summary>The WebAssembly backend (<c>@tensorflow/tfjs-backend-wasm</c>), inference only.</summary>
    Wasm,
}
