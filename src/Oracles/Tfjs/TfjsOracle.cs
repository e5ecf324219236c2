using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;

namespace BindingConformance.Oracles.Tfjs;

/// <summary>
/// TensorFlow.js 4.22 in Node, driven through <c>tfjs_worker.mjs</c> (see README.md beside it). Trains on
/// the pure-JS cpu backend, evaluates on cpu or wasm, and saves/loads TensorFlow.js LayersModel folders and
/// safetensors files in the neutral PyTorch layout (the worker converts kernel layouts). Runs the hazard probes with
/// eager ops and as a layers model's <c>predict</c> (<c>hazard_probes.mjs</c>).
/// </summary>
public sealed class TfjsOracle : IBindingOracle, IReportsProgress
{
    /// <summary>The pure-JavaScript backend (<c>@tensorflow/tfjs-backend-cpu</c>): the default, and the only one that trains.</summary>
    public const string CpuBackend = "cpu";

    /// <summary>The WebAssembly backend (<c>@tensorflow/tfjs-backend-wasm</c>): inference only, it has no Conv2DBackpropFilter kernel.</summary>
    public const string WasmBackend = "wasm";

    private const string Script = "Tfjs/tfjs_worker.mjs";
    private const string InstallFix = "run `conformance setup` (./bootstrap.sh in a checkout): it installs the Node packages of package-lock.json";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(1);

    // Mirrors SUPPORTED_KINDS in model_builder.mjs: tf.layers 4.22 has no multi-head attention.
    private static readonly string[] BuildableKinds =
    [
        LayerKind.Conv2d, LayerKind.MaxPool2d, LayerKind.AvgPool2d, LayerKind.Relu, LayerKind.Tanh, LayerKind.Flatten,
        LayerKind.Linear, LayerKind.Dropout, LayerKind.BatchNorm2d, LayerKind.BatchNorm1d, LayerKind.Embedding,
        LayerKind.Lstm, LayerKind.Gru,
    ];

    private readonly WorkerClient client;

    /// <param name="nodeExecutable">Node 20 executable; null finds <c>node</c> on PATH.</param>
    /// <param name="nodeModules">Folder holding <c>@tensorflow/tfjs</c>; null uses <see cref="ProductPaths.NodeModules"/>.</param>
    /// <remarks>Each train or evaluate request is bounded by its <see cref="RequestDeadline"/>, which is sized for pure-JS
    /// training (about 20 s per 1,000 MNIST images per epoch for LeNet-1, 65 s for LeNet-5).</remarks>
    public TfjsOracle(string? nodeExecutable = null, string? nodeModules = null)
    {
        NodeExecutable = nodeExecutable ?? FindNode();
        NodeModules = nodeModules ?? ProductPaths.NodeModules;
        client = new WorkerClient(StartWorker);
        client.Progress += (sender, message) => Progress?.Invoke(sender, message);
    }

    public static BindingDescriptor Descriptor { get; } = new("tfjs", "tensorflow", "javascript", IsDefault: false);

    public BindingDescriptor Binding => Descriptor;

    public string NodeExecutable { get; }

    public string NodeModules { get; }

    /// <summary>Per-epoch progress of training, formatted <c>"train: epoch 2/3 loss …"</c>.</summary>
    public event EventHandler<string>? Progress;

    public OracleCapabilities Capabilities { get; } = new(
        CanTrain: true,
        Models: ModelZoo.Names.Where(name => ModelZoo.Get(name).Layers.All(l => BuildableKinds.Contains(l.Kind))).ToArray(),
        SaveFormats: [ModelFormat.TfjsLayers, ModelFormat.Safetensors],
        LoadFormats: [ModelFormat.TfjsLayers, ModelFormat.Safetensors])
    {
        // The spec's GRU is PyTorch's (reset after): tfjs trains its own reset-before GRU for the zoo's GRU model, judged
        // statistically, but cannot build the spec's layer, so a model of the user's own with a GRU is skipped here.
        LayerKinds = BuildableKinds.Where(k => k != LayerKind.Gru).ToArray(),
        AbsentLayerKinds = new Dictionary<string, string>
        {
            [LayerKind.Gru] = "TensorFlow.js 4.22 has only the reset-before GRU (tf.layers.gru rejects reset_after), a different function from the spec's PyTorch GRU",
            [LayerKind.TransformerEncoder] = "tf.layers 4.22 has no multi-head attention",
        },
        AlternateBackends = [WasmBackend],
        ExecutionModes = [ExecutionMode.Eager, ExecutionMode.Layers],
        // Reported in PyTorch's layout (NCHW), so that layers compare one to one with the PyTorch family.
        ActivationFormats = [ModelFormat.TfjsLayers, ModelFormat.Safetensors],
        // Pure-JS LeNet-1 takes about 3 minutes a seed on 2 cores, LeNet-5 about 14 (README.md beside this file).
        SlowTraining = true,
    };

    public BindingAvailability Probe()
    {
        if (MissingInstallation(NodeExecutable, NodeModules) is { } missing)
            return BindingAvailability.Absent(Descriptor, missing.Reason, missing.Fix);
        try
        {
            var hello = Task.Run(() => client.RequestAsync("hello", null, [], RequestDeadline.Fixed(ProbeTimeout), CancellationToken.None)).GetAwaiter().GetResult();
            return BindingAvailability.FromHello(Descriptor, hello.Result);
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

    public async Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        WorkerMessages.ToTrainResult(
            await client.RequestAsync("train", WorkerMessages.TrainArgs(request), WorkerMessages.TrainTensors(request), RequestDeadline.For(request), cancellationToken),
            request);

    /// <summary>Evaluates on the cpu backend, or on wasm when the request names it (a within-binding check).</summary>
    public async Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default)
    {
        if (Capabilities.WhyCannotEvaluate(Descriptor.Id, request) is { } why) throw new OracleException(why);
        var args = WorkerMessages.EvaluateArgs(request);
        args["backend"] = request.Backend ?? CpuBackend;
        return WorkerMessages.ToEvaluateResult(await client.RequestAsync("evaluate", args, [], RequestDeadline.For(request), cancellationToken));
    }

    public Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) =>
        WorkerOracleRequests.RunProbeAsync(client, Descriptor.Id, Capabilities, request, cancellationToken);

    /// <summary>Every layer's output on the cpu backend (a tfjs_layers model without the spec's layer names: its output alone).</summary>
    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        WorkerOracleRequests.ActivationsAsync(client, Descriptor.Id, Capabilities, request, cancellationToken);

    public ValueTask DisposeAsync() => client.DisposeAsync();

    private WorkerProcess StartWorker() =>
        WorkerProcess.Start(Descriptor.Id, NodeExecutable, [ProductPaths.WorkerScript(Script), "--node-modules", NodeModules]);

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
