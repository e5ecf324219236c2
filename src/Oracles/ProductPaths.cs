namespace BindingConformance.Oracles;

/// <summary>
/// Where the product finds what it reads and writes, whether it runs from its checkout or installed from its packages (the
/// <c>conformance</c> tool, or a test project that references the packages):
/// <list type="bullet">
/// <item><see cref="Install"/>: the folder of this assembly, where the worker scripts (and the tool's shipped data) lie;</item>
/// <item><see cref="Checkout"/>: the BindingConformance repository it runs from, null when installed;</item>
/// <item><see cref="Shipped"/>: data the product ships (golden fixtures, approved behaviour, the study's results), read from the
/// checkout when there is one, else from beside the assembly;</item>
/// <item><see cref="Home"/>: an installed product's per-user folder for what <c>conformance setup</c> installs (Node packages)
/// and the dataset cache;</item>
/// <item><see cref="Root"/>: the user's project, where suites write their artifacts and approved snapshots.</item>
/// </list>
/// </summary>
public static class ProductPaths
{
    public const string RootVariable = "BINDING_CONFORMANCE_ROOT";
    public const string CacheVariable = "BINDING_CONFORMANCE_CACHE";
    public const string HomeVariable = "BINDING_CONFORMANCE_HOME";
    public const string NodeModulesVariable = "BINDING_CONFORMANCE_NODE_MODULES";

    /// <summary>The checkout's marker: the repository's solution file.</summary>
    private const string CheckoutMarker = "BindingConformance.sln";

    /// <summary>The folder of the product's assemblies; worker scripts lie beside them (<see cref="WorkerScript"/>).</summary>
    public static string Install { get; } =
        Path.GetDirectoryName(typeof(ProductPaths).Assembly.Location) is { Length: > 0 } folder ? folder : AppContext.BaseDirectory;

    /// <summary>
    /// The repository checkout the product runs from: <c>$BINDING_CONFORMANCE_ROOT</c>, else the nearest folder above the
    /// assemblies holding <c>BindingConformance.sln</c>; null when the product runs installed from its packages.
    /// </summary>
    public static string? Checkout { get; } = FindCheckout();

    /// <summary>
    /// The user's project: the <see cref="Checkout"/>, else the nearest folder above the application holding a project file (a
    /// test project that references the packages runs from its build output below it), else the current directory (the tool).
    /// </summary>
    public static string Root { get; } = Checkout ?? FindProject() ?? Directory.GetCurrentDirectory();

    /// <summary>
    /// An installed product's per-user folder: <c>$BINDING_CONFORMANCE_HOME</c>, else <c>$XDG_DATA_HOME/binding-conformance</c>,
    /// else <c>~/.local/share/binding-conformance</c>.
    /// </summary>
    public static string Home =>
        Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } home ? Path.GetFullPath(home)
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } data ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"), "binding-conformance");

    /// <summary>The converted-data cache: <c>$BINDING_CONFORMANCE_CACHE</c>, else <c>{checkout}/.cache</c>, else <c>{Home}/cache</c>.</summary>
    public static string Cache =>
        Environment.GetEnvironmentVariable(CacheVariable) is { Length: > 0 } cache ? cache
        : Checkout is { } checkout ? Path.Combine(checkout, ".cache") : Path.Combine(Home, "cache");

    /// <summary>
    /// The Node packages (TensorFlow.js, the npm-shipped datasets): <c>$BINDING_CONFORMANCE_NODE_MODULES</c>, else
    /// <c>{checkout}/node_modules</c> (<c>./bootstrap.sh</c>), else <c>{Home}/node_modules</c> (<c>conformance setup</c>).
    /// </summary>
    public static string NodeModules =>
        Environment.GetEnvironmentVariable(NodeModulesVariable) is { Length: > 0 } modules ? modules
        : Path.Combine(Checkout ?? Home, "node_modules");

    /// <summary>
    /// A file shipped beside the oracle assemblies, e.g. the worker script <c>PythonTorch/pytorch_worker.py</c> or
    /// <c>TorchSharp/hazard_probes.torchscript</c>.
    /// </summary>
    public static string WorkerScript(string relativePath) => Path.Combine(Install, relativePath);

    /// <summary>A file or folder the product ships, e.g. <c>fixtures/models</c>: in the checkout, else beside the assemblies.</summary>
    public static string Shipped(string relativePath) => Path.Combine(Checkout ?? Install, relativePath);

    private static string? FindCheckout()
    {
        if (Environment.GetEnvironmentVariable(RootVariable) is { Length: > 0 } root) return Path.GetFullPath(root);
        return Above(AppContext.BaseDirectory, dir => File.Exists(Path.Combine(dir, CheckoutMarker)));
    }

    private static string? FindProject() => Above(AppContext.BaseDirectory, dir => Directory.EnumerateFiles(dir, "*.*proj").Any());

    private static string? Above(string start, Func<string, bool> holds)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            try
            {
                if (holds(dir.FullName)) return dir.FullName;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // A folder we may not list is not the one we look for; keep climbing.
            }
        }
        return null;
    }
}
