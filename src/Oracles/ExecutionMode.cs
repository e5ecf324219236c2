namespace BindingConformance;

/// <summary>
/// How a model runs: imperatively, or as a graph captured by tracing, by scripting, by ONNX export (run in ONNX
/// Runtime), by compiling TorchScript source, or as a TensorFlow.js layers model.
/// </summary>
public static class ExecutionMode
{
    public const string Eager = "eager";
    /// <summary><c>torch.jit.trace</c>; in a binding that does not trace itself, the reference's traced archive loaded.</summary>
    public const string Traced = "traced";
    /// <summary><c>torch.jit.script</c>; in a binding that does not script itself, the reference's scripted archive loaded.</summary>
    public const string Scripted = "scripted";
    /// <summary>The reference's ONNX export (a trace) run by an ONNX runtime.</summary>
    public const string Onnx = "onnx";
    /// <summary>TorchScript source compiled by the binding (TorchSharp's <c>torch.jit.compile</c>).</summary>
    public const string Compiled = "compiled";
    /// <summary>A TensorFlow.js layers model's <c>predict</c>, against its eager ops.</summary>
    public const string Layers = "layers";

    public static IReadOnlyList<string> All { get; } = [Eager, Traced, Scripted, Onnx, Compiled, Layers];

    /// <summary>
    /// The counterpart of <paramref name="mode"/>: the capturer's mode it must compute like (an ONNX export is a trace, compiled
    /// TorchScript source is what scripting compiles); every other mode is its own.
    /// </summary>
    public static string CounterpartMode(string mode) => mode switch
    {
        Onnx => Traced,
        Compiled => Scripted,
        _ => mode,
    };
}
