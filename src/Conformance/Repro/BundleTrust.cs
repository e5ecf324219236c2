namespace BindingConformance.Repro;

/// <summary>
/// Which files of a bundle are code rather than data (docs/trust-model.md): TorchScript archives (programs, run by
/// <c>torch.jit.load</c> and <c>forward</c>) and ONNX graphs (executed by ONNX Runtime). A bundle that holds any says so,
/// in its <c>ISSUE.md</c> and in the first line <c>conformance reproduce</c> prints.
/// </summary>
public static class BundleTrust
{
    private static readonly string[] CodeExtensions = [".pt", ".onnx"];

    /// <summary>The code files under <paramref name="directory"/> (relative, sorted), plus <paramref name="model"/> when its format runs code.</summary>
    public static IReadOnlyList<string> CodeFiles(string directory, string? model = null, Oracles.ModelFormat? format = null) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(f => CodeExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Concat(model is not null && format is { } f && IsCode(f) ? [model] : [])
            .Distinct().Order(StringComparer.Ordinal).ToArray();

    public static bool IsCode(Oracles.ModelFormat format) =>
        format is Oracles.ModelFormat.TorchScriptTraced or Oracles.ModelFormat.TorchScriptScripted or Oracles.ModelFormat.Onnx;

    /// <summary>The warning, for a bundle with code files; null for a bundle of data only.</summary>
    public static string? Warning(IReadOnlyList<string> codeFiles) => codeFiles.Count == 0 ? null
        : $"this bundle holds TorchScript or ONNX files ({string.Join(", ", codeFiles.Select(BundleFiles.Printable))}): loading them runs their code, " +
          "so reproduce it only if you trust who made it (docs/trust-model.md)";
}
