using BindingConformance.Oracles;
using BindingConformance.Oracles.Workers;

namespace BindingConformance.Tests.Shared;

/// <summary>
/// The product's two shipped worker bindings, made from their shipped manifests (<c>src/Oracles/PythonTorch</c>,
/// <c>src/Oracles/Tfjs</c>) exactly as the product makes them, with the changes a test needs: another executable,
/// another packages folder, another thread count. Linked into each test project that drives them.
/// </summary>
internal static class ShippedWorkers
{
    public const string PythonId = "pytorch-python";

    public const string TfjsId = "tfjs";

    /// <summary>The Python PyTorch binding; <paramref name="executable"/> replaces the manifest's Python (and its override variable).</summary>
    public static WorkerOracle Python(string? executable = null, int? threads = null) =>
        new(executable is null ? ShippedManifests.Get(PythonId) : ShippedManifests.Get(PythonId).WithExecutable(executable), threads);

    /// <summary>The Python the product starts its worker with here (the manifest's, or <c>$BINDING_CONFORMANCE_PYTHON</c>).</summary>
    public static string PythonExecutable => Command(PythonId).Executable;

    /// <summary>The TensorFlow.js binding; <paramref name="packages"/> replaces the folder it loads tfjs from, <paramref name="node"/> its Node.</summary>
    public static WorkerOracle Tfjs(string? packages = null, string? node = null)
    {
        var manifest = ShippedManifests.Get(TfjsId);
        if (packages is not null) manifest = manifest with { Packages = packages };
        return new WorkerOracle(node is null ? manifest : manifest.WithExecutable(node));
    }

    /// <summary>The Node the product starts the tfjs worker with here.</summary>
    public static string NodeExecutable => Command(TfjsId).Executable;

    /// <summary>
    /// Why the shipped tfjs worker cannot run here (no Node, no @tensorflow/tfjs in its packages folder), or null. Starts
    /// nothing, so that test attributes can ask at discovery; the oracle's probe is the real check.
    /// </summary>
    public static string? WhyTfjsNotInstalled()
    {
        var manifest = ShippedManifests.Get(TfjsId);
        var (command, whyNot) = WorkerCommand.Resolve(manifest, threads: null);
        if (command is null) return whyNot;
        var packages = ManifestPlaceholders.Expand("{packages}", manifest);
        return Directory.Exists(Path.Combine(packages, "@tensorflow", "tfjs")) ? null : $"@tensorflow/tfjs is not installed in {packages}";
    }

    /// <summary>A worker process of a shipped binding started as its oracle starts it, for tests that speak the protocol directly.</summary>
    public static WorkerProcess StartWorker(string bindingId) => Command(bindingId).Start(bindingId);

    private static WorkerCommand Command(string bindingId) =>
        WorkerCommand.Resolve(ShippedManifests.Get(bindingId), threads: null) is { Command: { } command } ? command
            : throw new InvalidOperationException($"the shipped {bindingId} worker cannot start here");
}
