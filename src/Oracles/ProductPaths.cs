namespace BindingConformance.Oracles;

/// <summary>
/// Where the product finds its checkout (for <c>node_modules</c> and fixtures), its data cache and the
/// worker scripts copied beside the assemblies.
/// </summary>
public static class ProductPaths
{
    private const string RootVariable = "BINDING_CONFORMANCE_ROOT";
    private const string CacheVariable = "BINDING_CONFORMANCE_CACHE";

    /// <summary>The checkout: <c>$BINDING_CONFORMANCE_ROOT</c>, else the nearest folder above the assemblies holding <c>BindingConformance.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The converted-data cache: <c>$BINDING_CONFORMANCE_CACHE</c>, else <c>{Root}/.cache</c>.</summary>
    public static string Cache =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } cache ? cache : Path.Combine(Root, ".cache");

    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>A file shipped beside the oracle assembly, e.g. <c>TorchSharp/hazard_probes.torchscript</c>.</summary>
    public static string WorkerScript(string relativePath) => Path.Combine(AppContext.BaseDirectory, relativePath);

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root) return Path.GetFullPath(root);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BindingConformance.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
