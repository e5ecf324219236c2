using BindingConformance.Oracles;
using BindingConformance.Oracles.Workers;

namespace BindingConformance.Tests.Shared;

/// <summary>
/// The product's shipped worker bindings, made from their shipped manifests (<c>src/Oracles/*/*.binding.json</c>) exactly
/// as the product makes them, with the changes a test needs: another executable, another packages folder, another thread
/// count. Linked into each test project that drives them.
/// </summary>
internal static class ShippedWorkers
{
    public const string PythonId = "pytorch-python";

    public const string TfjsId = "tfjs";

    public const string LibTorchCppId = "libtorch-cpp";

    public const string OnnxRuntimeNodeId = "onnxruntime-node";

    /// <summary>The shipped binding <paramref name="bindingId"/> as the default registry makes it.</summary>
    public static WorkerOracle Oracle(string bindingId, int? threads = null) => new(ShippedManifests.Get(bindingId), threads);

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

    /// <summary>The program bootstrap.sh builds beside the libtorch C++ worker (its Makefile's OUT) that runs the shared corpus through its reader.</summary>
    public static string LibTorchCppCorpusTest => LibTorchCppProgram("safetensors_corpus_test");

    /// <summary>The program bootstrap.sh builds beside the libtorch C++ worker that runs the harness generator's shared test vectors.</summary>
    public static string LibTorchCppHarnessRandomTest => LibTorchCppProgram("harness_random_test");

    /// <summary>
    /// Why the shipped worker of <paramref name="bindingId"/> cannot run here (no executable, or an npm package of its
    /// release missing from its packages folder), or null. Starts nothing, so that test attributes can ask at discovery;
    /// the oracle's probe is the real check.
    /// </summary>
    public static string? WhyNotInstalled(string bindingId)
    {
        var manifest = ShippedManifests.Get(bindingId);
        var (command, whyNot) = WorkerCommand.Resolve(manifest, threads: null);
        if (command is null) return whyNot;
        if (manifest.Packages is null) return null;
        var packages = ManifestPlaceholders.Expand("{packages}", manifest);
        return (manifest.Releases?.Packages ?? []).FirstOrDefault(p => !Directory.Exists(Path.Combine(packages, p))) is { } missing
            ? $"{missing} is not installed in {packages}"
            : null;
    }

    /// <summary>A worker process of a shipped binding started as its oracle starts it, for tests that speak the protocol directly.</summary>
    public static WorkerProcess StartWorker(string bindingId) => Command(bindingId).Start(bindingId);

    private static string LibTorchCppProgram(string name) => Path.Combine(Path.GetDirectoryName(Command(LibTorchCppId).Executable)!, name);

    private static WorkerCommand Command(string bindingId) =>
        WorkerCommand.Resolve(ShippedManifests.Get(bindingId), threads: null) is { Command: { } command } ? command
            : throw new InvalidOperationException($"the shipped {bindingId} worker cannot start here");
}
