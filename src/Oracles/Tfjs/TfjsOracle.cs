using System.Text.Json.Nodes;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;

namespace BindingConformance.Oracles.Tfjs;

/// <summary>
/// TensorFlow.js 4.22 in Node, driven through <c>tfjs_worker.mjs</c>. Trains on the pure-JS cpu backend,
/// evaluates on cpu or wasm, and saves/loads TensorFlow.js LayersModel folders and safetensors files in
/// the neutral PyTorch layout (the worker converts kernel layouts, see <c>layout.mjs</c>).
/// </summary>
public sealed class TfjsOracle : IBindingOracle
{
    private const string Script = "Tfjs/tfjs_worker.mjs";
    private const string InstallFix = "run ./bootstrap.sh (npm ci)";

    // Mirrors SUPPORTED_KINDS in model_builder.mjs: tf.layers 4.22 has no multi-head attention.
    private static readonly string[] BuildableKinds =
    [
        LayerKind.Conv2d, LayerKind.MaxPool2d, LayerKind.AvgPool2d, LayerKind.Relu, LayerKind.Tanh, LayerKind.Flatten,
        LayerKind.Linear, LayerKind.Dropout, LayerKind.BatchNorm2d, LayerKind.BatchNorm1d, LayerKind.Embedding,
        LayerKind.Lstm, LayerKind.Gru,
    ];

    private readonly string nodeExecutable;
    private readonly string nodeModules;
    private readonly TimeSpan requestTimeout;
    private readonly SemaphoreSlim gate = new(1, 1);
    private WorkerProcess? worker;

    /// <param name="nodeExecutable">Node 20 executable; null finds <c>node</c> on PATH.</param>
    /// <param name="nodeModules">Folder holding <c>@tensorflow/tfjs</c>; null uses <see cref="ProductPaths.NodeModules"/>.</param>
    /// <param name="requestTimeout">Longest a single train or evaluate request may take; null means two hours
    /// (pure-JS training is slow: about 20 s per 1,000 MNIST images per epoch for LeNet-1).</param>
    public TfjsOracle(string? nodeExecutable = null, string? nodeModules = null, TimeSpan? requestTimeout = null)
    {
        this.nodeExecutable = nodeExecutable ?? FindNode();
        this.nodeModules = nodeModules ?? ProductPaths.NodeModules;
        this.requestTimeout = requestTimeout ?? TimeSpan.FromHours(2);
    }

    public static BindingDescriptor Descriptor { get; } = new("tfjs", "tensorflow", "javascript", IsDefault: false);

    public BindingDescriptor Binding => Descriptor;

    public OracleCapabilities Capabilities { get; } = new(
        CanTrain: true,
        Models: ModelZoo.Names.Where(name => ModelZoo.Get(name).Layers.All(l => BuildableKinds.Contains(l.Kind))).ToArray(),
        SaveFormats: [ModelFormat.TfjsLayers, ModelFormat.Safetensors],
        LoadFormats: [ModelFormat.TfjsLayers, ModelFormat.Safetensors]);

    public BindingAvailability Probe()
    {
        if (MissingInstallation(nodeExecutable, nodeModules) is { } missing)
            return BindingAvailability.Absent(Descriptor, missing.Reason, missing.Fix);
        try
        {
            var hello = Task.Run(() => RequestAsync("hello", new JsonObject(), [], CancellationToken.None)).GetAwaiter().GetResult();
            var devices = hello.Result["devices"]!.AsArray().Select(d => d!.GetValue<string>()).ToArray();
            return BindingAvailability.Present(Descriptor, hello.Result["version"]!.GetValue<string>(), devices);
        }
        catch (OracleException e)
        {
            return BindingAvailability.Absent(Descriptor, e.Message, InstallFix);
        }
    }

    /// <summary>
    /// Why the default installation (<c>node</c> on PATH, tfjs in <see cref="ProductPaths.NodeModules"/>) cannot
    /// run, or null. Starts nothing, so test attributes can call it at discovery; <see cref="Probe"/> is the real check.
    /// </summary>
    public static string? WhyNotInstalled() => MissingInstallation(FindNode(), ProductPaths.NodeModules)?.Reason;

    public async Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        var args = new JsonObject
        {
            ["model"] = WorkerJson.From(request.Model),
            ["data"] = WorkerJson.From(request.Data),
            ["seed"] = request.Seed,
            ["settings"] = WorkerJson.From(request.Settings),
            ["device"] = request.Device,
            ["exports"] = new JsonArray(request.Exports
                .Select(e => (JsonNode)new JsonObject { ["format"] = e.Format.WireName(), ["path"] = e.Path }).ToArray()),
        };
        var reply = await RequestAsync("train", args, [FrameTensor.BatchOrder(request.BatchOrder)], cancellationToken);
        var r = reply.Result;
        return new TrainResult(
            Doubles(r["train_accuracy"]!),
            Doubles(r["test_accuracy"]!),
            r["final_test_accuracy"]!.GetValue<double>(),
            r["training_seconds"]!.GetValue<double>(),
            r["version"]!.GetValue<string>(),
            request.Exports);
    }

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) =>
        EvaluateAsync(request, TfjsBackend.Cpu, cancellationToken);

    /// <summary>Evaluates on a chosen TensorFlow.js backend (the wasm backend is inference-only).</summary>
    public async Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, TfjsBackend backend, CancellationToken cancellationToken = default)
    {
        var args = new JsonObject
        {
            ["model"] = WorkerJson.From(request.Model),
            ["data"] = WorkerJson.From(request.Data),
            ["format"] = request.Format.WireName(),
            ["path"] = request.Path,
            ["device"] = request.Device,
            ["passes"] = request.Passes,
            ["backend"] = backend == TfjsBackend.Wasm ? "wasm" : "cpu",
        };
        var reply = await RequestAsync("evaluate", args, [], cancellationToken);
        var r = reply.Result;
        return new EvaluateResult(
            r["count"]!.GetValue<int>(),
            r["classes"]!.GetValue<int>(),
            r["correct_per_pass"]!.AsArray().Select(c => c!.GetValue<int>()).ToArray(),
            reply.Tensor("logits").ToFloats(),
            Doubles(r["pass_seconds"]!));
    }

    public async ValueTask DisposeAsync()
    {
        if (worker is not null) await worker.DisposeAsync();
        worker = null;
        gate.Dispose();
    }

    private async Task<WorkerReply> RequestAsync(string op, JsonObject args, IReadOnlyList<FrameTensor> tensors, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (worker is not { IsRunning: true })
            {
                // A worker that crashed or timed out is gone for good; the next request gets a fresh one.
                if (worker is not null) await worker.DisposeAsync();
                worker = WorkerProcess.Start(
                    Descriptor.Id, nodeExecutable, [ProductPaths.WorkerScript(Script), "--node-modules", nodeModules]);
            }
            return await worker.RequestAsync(op, args, tensors, requestTimeout, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private static double[] Doubles(JsonNode node) => node.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    private static (string Reason, string Fix)? MissingInstallation(string node, string modules) =>
        !File.Exists(node) ? ($"Node.js not found ('{node}')", "install Node.js 20 (apt-get install nodejs)")
        : !Directory.Exists(Path.Combine(modules, "@tensorflow", "tfjs")) ? ($"@tensorflow/tfjs is not installed in {modules}", InstallFix)
        : null;

    private static string FindNode() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "node"))
        .FirstOrDefault(File.Exists) ?? "node";
}
