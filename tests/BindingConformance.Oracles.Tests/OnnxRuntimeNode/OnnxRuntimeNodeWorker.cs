using BindingConformance.Oracles.Workers;

namespace BindingConformance.Oracles.Tests.OnnxRuntimeNode;

/// <summary>How a test starts the ONNX Runtime for Node worker (binding <c>onnxruntime-node</c>): Node on PATH, the package from npm ci.</summary>
internal static class OnnxRuntimeNodeWorker
{
    public const string Binding = "onnxruntime-node";

    public static string Node =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "node")).FirstOrDefault(File.Exists) ?? "node";

    /// <summary>Why the worker cannot run here, or null when Node and the package are installed.</summary>
    public static string? WhyNotInstalled() =>
        !File.Exists(Node) ? "Node.js not found on PATH: install Node.js 20 (apt-get install nodejs)"
        : !File.Exists(Path.Combine(ProductPaths.NodeModules, Binding, "package.json")) ? $"{Binding} is not installed in {ProductPaths.NodeModules}: run ./bootstrap.sh (npm ci)"
        : null;

    public static WorkerProcess Start() =>
        WorkerProcess.Start(Binding, Node, [ProductPaths.WorkerScript("OnnxRuntimeNode/onnxruntime_worker.mjs"), "--node-modules", ProductPaths.NodeModules, "--threads", "1"]);
}
