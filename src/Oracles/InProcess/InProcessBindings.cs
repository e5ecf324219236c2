using System.Reflection;

namespace BindingConformance.Oracles.InProcess;

/// <summary>
/// The in-process bindings of the design and their packages. Each is found by name when the application references its
/// package; without it the binding is still reported, absent, with the package to add.
/// </summary>
public static class InProcessBindings
{
    public static InProcessBinding TorchSharp { get; } = new(
        new BindingDescriptor("torchsharp", "pytorch", "csharp", IsDefault: false),
        "BindingConformance.Oracles.TorchSharp",
        "BindingConformance.Oracles.TorchSharp.TorchSharpEntry",
        "TorchSharp-cpu (or TorchSharp-cuda-linux / TorchSharp-cuda-windows)",
        CanTrain: true,
        SaveFormats: [ModelFormat.TorchSharp, ModelFormat.Safetensors, ModelFormat.PytorchStateDict],
        LoadFormats: [ModelFormat.TorchSharp, ModelFormat.Safetensors, ModelFormat.PytorchStateDict, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted]);

    public static InProcessBinding OnnxRuntime { get; } = new(
        new BindingDescriptor("onnxruntime", "onnx", "csharp", IsDefault: false),
        "BindingConformance.Oracles.OnnxRuntime",
        "BindingConformance.Oracles.OnnxRuntime.OnnxRuntimeEntry",
        "Microsoft.ML.OnnxRuntime (or Microsoft.ML.OnnxRuntime.Gpu)",
        CanTrain: false,
        SaveFormats: [],
        LoadFormats: [ModelFormat.Onnx]);

    public static IReadOnlyList<InProcessBinding> All { get; } = [TorchSharp, OnnxRuntime];

    /// <summary>The binding's oracle as the default registry runs it, or an absent one naming the package to add.</summary>
    public static IBindingOracle CreateOracle(InProcessBinding binding) =>
        Entry(binding)?.CreateOracle() ?? new AbsentPackageOracle(binding);

    /// <summary>The state-dict formats of every in-process binding whose package is here.</summary>
    public static IEnumerable<IStateDictFiles> StateDictFiles() =>
        All.Select(Entry).Select(e => e?.StateDictFiles).OfType<IStateDictFiles>();

    private static IInProcessBindingEntry? Entry(InProcessBinding binding)
    {
        Type? type;
        try
        {
            type = Type.GetType($"{binding.EntryType}, {binding.Package}", throwOnError: false);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            return null;
        }
        return type is not null && typeof(IInProcessBindingEntry).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null
            ? (IInProcessBindingEntry)Activator.CreateInstance(type)!
            : null;
    }
}
