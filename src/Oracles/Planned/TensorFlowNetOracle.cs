using System.Reflection;
using System.Runtime.InteropServices;

namespace BindingConformance.Oracles.Planned;

/// <summary>TensorFlow.NET (SciSharp). Probed by loading its assembly and the native <c>libtensorflow</c>.</summary>
public sealed class TensorFlowNetOracle() : PlannedBindingOracle([ModelFormat.Safetensors])
{
    public override BindingDescriptor Binding { get; } = new("tensorflow-net", "tensorflow", "csharp", IsDefault: false);

    public override BindingAvailability Probe()
    {
        var managed = TryLoadAssembly("Tensorflow.Binding");
        var native = NativeLibrary.TryLoad("tensorflow", Assembly.GetExecutingAssembly(), null, out var handle);
        if (native) NativeLibrary.Free(handle);
        var missing = (managed, native) switch
        {
            (false, false) => "neither the TensorFlow.NET assembly nor the native libtensorflow is present",
            (false, true) => "the TensorFlow.NET assembly is not present",
            (true, false) => "the native libtensorflow is not present",
            _ => "TensorFlow.NET is present but this release has no tensorflow-net adapter",
        };
        return BindingAvailability.Absent(Binding, missing,
            "add NuGet TensorFlow.NET and SciSharp.TensorFlow.Redist (not served by this machine's registry)");
    }

    private static bool TryLoadAssembly(string name)
    {
        try
        {
            Assembly.Load(new AssemblyName(name));
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return false;
        }
    }
}
