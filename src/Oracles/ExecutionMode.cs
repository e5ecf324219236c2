using BindingConformance.Oracles;

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

    /// <summary>Why <paramref name="capabilities"/> cannot run <paramref name="mode"/>, or null when they can.</summary>
    /// <remarks>
    /// A mode the binding runs hazard probes in (<see cref="OracleCapabilities.ExecutionModes"/>) is supported; otherwise a
    /// graph mode needs a binding that saves or loads the matching TorchScript archive.
    /// </remarks>
    public static string? WhyUnsupported(string bindingId, OracleCapabilities capabilities, string mode)
    {
        if (mode == Eager || capabilities.ExecutionModes.Contains(mode)) return null;
        var format = mode switch
        {
            Traced => ModelFormat.TorchScriptTraced,
            Scripted => ModelFormat.TorchScriptScripted,
            _ => (ModelFormat?)null,
        };
        if (format is not { } graph)
            return $"{bindingId} has no {mode} execution mode (runs probes in: {(capabilities.ExecutionModes.Count == 0 ? "none" : string.Join(", ", capabilities.ExecutionModes))})";
        return capabilities.SaveFormats.Contains(graph) || capabilities.LoadFormats.Contains(graph)
            ? null
            : $"{bindingId} has no {mode} execution mode (cannot save or load {graph})";
    }

    /// <summary>
    /// The mode of the reference binding that <paramref name="mode"/> must reproduce: an ONNX export is a trace, compiled
    /// TorchScript source is what scripting compiles; every other mode is its own.
    /// </summary>
    public static string ReferenceMode(string mode) => mode switch
    {
        Onnx => Traced,
        Compiled => Scripted,
        _ => mode,
    };
}
