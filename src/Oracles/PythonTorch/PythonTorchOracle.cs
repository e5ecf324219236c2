using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;

namespace BindingConformance.Oracles.PythonTorch;

/// <summary>
/// PyTorch's default binding: CPython with torch, driven through <c>pytorch_worker.py</c>. The reference
/// of PyTorch-family comparisons. Trains every model of the zoo, saves every PyTorch-family format,
/// loads all of them except ONNX (which ONNX Runtime runs), runs the training-step probe, and runs the hazard probes
/// eagerly, traced and scripted (writing the traced, scripted and ONNX captures other bindings run).
/// </summary>
public sealed class PythonTorchOracle : IBindingOracle, IReportsProgress, ITrainingStepProbe
{
    /// <summary>Overrides the Python executable (default <c>/usr/bin/python3</c>, Debian's python3-torch).</summary>
    public const string PythonVariable = "BINDING_CONFORMANCE_PYTHON";

    public const string DefaultPython = "/usr/bin/python3";

    private const string Script = "PythonTorch/pytorch_worker.py";
    private const string InstallFix = "run `conformance setup` (apt-get install python3-torch; ./bootstrap.sh in a checkout), or point " + PythonVariable + " at a Python with torch";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(2);

    private readonly WorkerClient client;

    /// <param name="pythonExecutable">Python with torch; null uses <c>$BINDING_CONFORMANCE_PYTHON</c>, else <see cref="DefaultPython"/>.</param>
    /// <param name="threads">torch intra-op threads (<c>torch.set_num_threads</c>); null uses <see cref="ThreadSettings"/>, else torch's default.</param>
    /// <remarks>Each train or evaluate request is bounded by its <see cref="RequestDeadline"/>; a worker that exceeds it or stalls is killed.</remarks>
    public PythonTorchOracle(string? pythonExecutable = null, int? threads = null)
    {
        PythonExecutable = pythonExecutable
            ?? (Environment.GetEnvironmentVariable(PythonVariable) is { Length: > 0 } configured ? configured : DefaultPython);
        if (threads is <= 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "thread count must be positive");
        Threads = threads ?? ThreadSettings.FromEnvironment();
        client = new WorkerClient(StartWorker);
        client.Progress += (sender, message) => Progress?.Invoke(sender, message);
    }

    public static BindingDescriptor Descriptor { get; } = new("pytorch-python", "pytorch", "python", IsDefault: true);

    public BindingDescriptor Binding => Descriptor;

    public string PythonExecutable { get; }

    public int? Threads { get; }

    /// <summary>Per-epoch progress of training, formatted <c>"train: epoch 2/3: …"</c>.</summary>
    public event EventHandler<string>? Progress;

    public OracleCapabilities Capabilities { get; } = new(
        CanTrain: true,
        Models: ModelZoo.Names,
        SaveFormats: [ModelFormat.Safetensors, ModelFormat.TorchSharp, ModelFormat.PytorchStateDict, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted, ModelFormat.Onnx],
        LoadFormats: [ModelFormat.Safetensors, ModelFormat.TorchSharp, ModelFormat.PytorchStateDict, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted])
    {
        LayerKinds = LayerKind.All,
        ExecutionModes = [ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted],
        // TorchScript archives report every layer when their children are the spec's modules, else their output alone.
        ActivationFormats = [ModelFormat.Safetensors, ModelFormat.TorchSharp, ModelFormat.PytorchStateDict, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted],
    };

    public BindingAvailability Probe()
    {
        if (!File.Exists(PythonExecutable))
            return BindingAvailability.Absent(Descriptor, $"Python not found at '{PythonExecutable}'", InstallFix);
        try
        {
            var hello = Task.Run(() => client.RequestAsync("hello", null, [], RequestDeadline.Fixed(ProbeTimeout), CancellationToken.None)).GetAwaiter().GetResult();
            return BindingAvailability.FromHello(Descriptor, hello.Result);
        }
        catch (OracleException e)
        {
            var reason = e.Message.Contains("No module named 'torch'", StringComparison.Ordinal)
                ? $"torch is not installed for {PythonExecutable}"
                : e.Message;
            return BindingAvailability.Absent(Descriptor, reason, InstallFix);
        }
    }

    public async Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        WorkerMessages.ToTrainResult(
            await client.RequestAsync("train", WorkerMessages.TrainArgs(request), WorkerMessages.TrainTensors(request), RequestDeadline.For(request), cancellationToken),
            request);

    public async Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default)
    {
        if (Capabilities.WhyCannotEvaluate(Descriptor.Id, request) is { } why) throw new OracleException(why);
        return WorkerMessages.ToEvaluateResult(
            await client.RequestAsync("evaluate", WorkerMessages.EvaluateArgs(request), [], RequestDeadline.For(request), cancellationToken));
    }

    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        WorkerOracleRequests.ActivationsAsync(client, Descriptor.Id, Capabilities, request, cancellationToken);

    public async Task<TrainingStepResult> StepAsync(TrainingStepRequest request, CancellationToken cancellationToken = default)
    {
        if (request.WhyInvalid() is { } why) throw new OracleException(why);
        return WorkerMessages.ToStepResult(
            await client.RequestAsync("step", WorkerMessages.StepArgs(request), WorkerMessages.StepTensors(request), RequestDeadline.For(request), cancellationToken),
            request);
    }

    public Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) =>
        WorkerOracleRequests.RunProbeAsync(client, Descriptor.Id, Capabilities, request, cancellationToken);

    public ValueTask DisposeAsync() => client.DisposeAsync();

    private WorkerProcess StartWorker()
    {
        List<string> arguments = [ProductPaths.WorkerScript(Script)];
        if (Threads is { } threads) arguments.AddRange(["--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        // No __pycache__ beside the shipped scripts: output folders may be read-only or shared.
        return WorkerProcess.Start(Descriptor.Id, PythonExecutable, arguments, new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" });
    }
}
