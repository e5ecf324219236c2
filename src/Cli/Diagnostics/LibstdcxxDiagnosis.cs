using System.Text;

namespace BindingConformance.Cli.Diagnostics;

/// <summary>
/// Explains TorchSharp's native-bridge requirement: whether the system libstdc++ has GLIBCXX_3.4.32, and
/// whether the copy of libLibTorchSharp.so beside this tool carries the build's shim.
/// </summary>
public sealed record LibstdcxxDiagnosis(string? LibstdcxxPath, bool HasGlibcxx3432, bool BridgePresent, bool BridgePatched)
{
    private const string ShimName = "libglibcxx_ios_base_init.so";

    public static LibstdcxxDiagnosis Inspect()
    {
        var libstdcxx = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
        var bridge = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        return new LibstdcxxDiagnosis(
            libstdcxx,
            libstdcxx is not null && Contains(libstdcxx, "GLIBCXX_3.4.32"),
            File.Exists(bridge),
            File.Exists(bridge) && Contains(bridge, ShimName));
    }

    public string Describe() => (HasGlibcxx3432, BridgePatched) switch
    {
        (true, _) => $"libstdc++ ({LibstdcxxPath}) has GLIBCXX_3.4.32: TorchSharp's native bridge needs no patch",
        (false, true) => $"libstdc++ lacks GLIBCXX_3.4.32: the build patched libLibTorchSharp.so to use {ShimName}",
        (false, false) when BridgePresent => "libstdc++ lacks GLIBCXX_3.4.32 and libLibTorchSharp.so is NOT patched: rebuild (dotnet build) after ./bootstrap.sh installs patchelf and g++",
        _ => "libLibTorchSharp.so is not beside this tool",
    };

    private static bool Contains(string path, string text)
    {
        var needle = Encoding.ASCII.GetBytes(text);
        var bytes = File.ReadAllBytes(path);
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }
}
