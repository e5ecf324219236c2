using BindingConformance.Oracles;

namespace BindingConformance;

/// <summary>How a model runs: imperatively, or as a graph captured by tracing or by scripting.</summary>
public static class ExecutionMode
{
    public const string Eager = "eager";
    public const string Traced = "traced";
    public const string Scripted = "scripted";

    public static IReadOnlyList<string> All { get; } = [Eager, Traced, Scripted];

    /// <summary>Why <paramref name="capabilities"/> cannot run <paramref name="mode"/>, or null when they can.</summary>
    /// <remarks>A graph mode needs a binding that saves or loads the matching TorchScript archive.</remarks>
    public static string? WhyUnsupported(string bindingId, OracleCapabilities capabilities, string mode)
    {
        var format = mode switch
        {
            Traced => ModelFormat.TorchScriptTraced,
            Scripted => ModelFormat.TorchScriptScripted,
            _ => (ModelFormat?)null,
        };
        if (format is not { } graph) return null;
        return capabilities.SaveFormats.Contains(graph) || capabilities.LoadFormats.Contains(graph)
            ? null
            : $"{bindingId} has no {mode} execution mode (cannot save or load {graph})";
    }
}
