using System.Diagnostics;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using Microsoft.ML.OnnxRuntime;

namespace BindingConformance.Oracles.OnnxRuntime;

/// <summary>
/// ONNX Runtime's C# binding, in process. Inference only: it loads ONNX files other bindings exported and
/// evaluates them like every oracle does (one untimed warm-up pass, then timed passes). Its one execution mode for hazard
/// probes is <see cref="ExecutionMode.Onnx"/>: the reference's ONNX export of a probe, run on every case. Every request runs
/// under its <see cref="RequestDeadline"/> on a dedicated thread (<see cref="NativeCallWatchdog"/>); at the limit its
/// session run is told to terminate (<see cref="TerminableRunOptions"/>), so a graph that runs too long stops.
/// </summary>
public sealed class OnnxRuntimeOracle : IBindingOracle
{
    private const string CudaProvider = "CUDAExecutionProvider";
    private const int EvaluationBatch = 1000;

    /// <param name="threads">Intra-op threads of a session; null uses <c>$BINDING_CONFORMANCE_THREADS</c>, else ONNX Runtime's default.</param>
    public OnnxRuntimeOracle(int? threads = null)
    {
        if (threads is <= 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "thread count must be positive");
        Threads = threads ?? ThreadSettings.FromEnvironment();
    }

    public static BindingDescriptor Descriptor { get; } = new("onnxruntime", "onnx", "csharp", IsDefault: false);

    public BindingDescriptor Binding => Descriptor;

    public int? Threads { get; }

    public OracleCapabilities Capabilities { get; } = new(
        CanTrain: false,
        Models: ModelZoo.Names,
        SaveFormats: [],
        LoadFormats: [ModelFormat.Onnx])
    {
        ExecutionModes = [ExecutionMode.Onnx],
        // An exported graph has no spec layers to name: its output alone (ActivationsResult.OutputOnly).
        ActivationFormats = [ModelFormat.Onnx],
    };

    public BindingAvailability Probe()
    {
        try
        {
            var environment = OrtEnv.Instance();
            var providers = environment.GetAvailableProviders();
            var version = environment.GetVersionString();
            // The CPU package lists only the CPU provider; CUDA counts only when its provider is compiled in.
            var present = providers.Contains(CudaProvider)
                ? BindingAvailability.Present(Descriptor, version, [Device.Cpu, Device.Cuda])
                : BindingAvailability.Present(Descriptor, version, [Device.Cpu], new Dictionary<string, string>
                {
                    [Device.Cuda] = $"this ONNX Runtime build has no {CudaProvider} (providers: {string.Join(", ", providers)}); " +
                                    "CUDA needs the Microsoft.ML.OnnxRuntime.Gpu package",
                });
            // The C# API binds the native ONNX Runtime it loaded.
            return present with { Engine = new BindingEngine("onnxruntime", version) };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or OnnxRuntimeException)
        {
            return BindingAvailability.Absent(Descriptor, $"ONNX Runtime native library cannot be loaded: {e.Message}",
                "restore the Microsoft.ML.OnnxRuntime package for this platform (dotnet restore)");
        }
    }

    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        throw new OracleException($"{Descriptor.Id} is inference-only; it cannot train {request.Model.Name}");

    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) =>
        Watchdog($"evaluation of {request.Format} file {request.Path}", RequestDeadline.For(request), limit => Evaluate(request, limit), cancellationToken);

    public Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) =>
        Watchdog($"hazard probe {request.Probe.Name} ({request.Mode})", RequestDeadline.For(request), limit => RunProbe(request, limit), cancellationToken);

    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        Watchdog($"activations of {request.Format} file {request.Path}", RequestDeadline.For(request), limit => Activations(request, limit), cancellationToken);

    private static Task<T> Watchdog<T>(string what, RequestDeadline deadline, Func<CancellationToken, T> work, CancellationToken cancellationToken) =>
        NativeCallWatchdog.RunAsync(Descriptor.Id, what, "ONNX Runtime did not stop at its terminate flag", deadline, work, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private ProbeRunResult RunProbe(ProbeRunRequest request, CancellationToken cancellationToken)
    {
        if (Capabilities.WhyCannotRunProbe(Descriptor.Id, request) is { } mode) throw new OracleException(mode);
        if (Probe().WhyNot(request.Device) is { } unavailable) throw new OracleException(unavailable);
        var name = request.Probe.Name;
        var path = Path.Combine(request.ArtifactDirectory, $"{name}.onnx");
        if (!File.Exists(path))
            return ProbeRunResult.CannotCapture($"no ONNX export of {name}: {path} does not exist (the reference's traced mode writes it)");
        using var options = SessionOptions(request.Device);
        InferenceSession session;
        try
        {
            session = OpenSession(path, options);
        }
        catch (OracleException e)
        {
            return ProbeRunResult.CannotCapture(e.Message);
        }
        using (session)
        {
            using var run = new TerminableRunOptions(cancellationToken);
            var inputName = session.InputMetadata.Keys.Single();
            var outputName = session.OutputMetadata.Keys.First();
            var outputs = new List<NamedTensor>();
            var diagnostics = new List<string>();
            var changed = 0;
            foreach (var input in request.Probe.Cases)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var buffer = new ModelInput(input);
                try
                {
                    outputs.Add(RunCase(session, run.Options, inputName, outputName, buffer, input.Name));
                }
                catch (OnnxRuntimeException e)
                {
                    diagnostics.Add($"case {input.Name}: {OneLine.Of(e.Message)}");
                }
                if (buffer.Differs(input)) changed++;
            }
            // A first case that raised is already a diagnostic; there is nothing to time.
            var seconds = outputs.Any(o => o.Name == request.Probe.Cases[0].Name)
                ? TimeFirstCase(session, run.Options, inputName, outputName, request, cancellationToken)
                : [];
            long? sideEffects = name == HazardProbes.InPlaceInput ? changed : null;
            return new ProbeRunResult(null, outputs, diagnostics, sideEffects, seconds)
            {
                Untrainable = request.TrainingPasses > 0 ? "an ONNX Runtime inference session has no gradients or optimizer (on-device training artifacts are not built)" : null,
            };
        }
    }

    private static NamedTensor RunCase(InferenceSession session, RunOptions runOptions, string inputName, string outputName, ModelInput buffer, string caseName)
    {
        using var input = buffer.Slice(0, buffer.Count);
        using var outputs = session.Run(runOptions, [inputName], [input], [outputName]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        return NamedTensor.FromFloats(caseName, outputs[0].GetTensorDataAsSpan<float>().ToArray(), shape);
    }

    /// <summary>Seconds of each timed run of the first case after one warm-up.</summary>
    private static List<double> TimeFirstCase(InferenceSession session, RunOptions runOptions, string inputName, string outputName, ProbeRunRequest request, CancellationToken cancellationToken)
    {
        var first = request.Probe.Cases[0];
        RunCase(session, runOptions, inputName, outputName, new ModelInput(first), first.Name);
        var seconds = new List<double>();
        for (var pass = 0; pass < request.TimedPasses; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var buffer = new ModelInput(first);
            var clock = Stopwatch.StartNew();
            RunCase(session, runOptions, inputName, outputName, buffer, first.Name);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds;
    }

    private ActivationsResult Activations(ActivationsRequest request, CancellationToken cancellationToken)
    {
        if (Capabilities.WhyCannotReportActivations(Descriptor.Id, request) is { } why) throw new OracleException(why);
        if (Probe().WhyNot(request.Device) is { } unavailable) throw new OracleException(unavailable);
        using var options = SessionOptions(request.Device);
        using var session = OpenSession(request.Path, options);
        using var run = new TerminableRunOptions(cancellationToken);
        var inputs = new ModelInput(request.Inputs);
        var logits = Predict(session, run.Options, session.InputMetadata.Keys.Single(), session.OutputMetadata.Keys.First(), inputs, request.Model.Classes);
        return new ActivationsResult([NamedTensor.FromFloats(ActivationsResult.OutputOnly, logits, inputs.Count, request.Model.Classes)]);
    }

    private EvaluateResult Evaluate(EvaluateRequest request, CancellationToken cancellationToken)
    {
        if (Capabilities.WhyCannotEvaluate(Descriptor.Id, request) is { } why) throw new OracleException(why);
        if (request.Passes < 1) throw new ArgumentOutOfRangeException(nameof(request), request.Passes, "passes must be at least 1");
        if (Probe().WhyNot(request.Device) is { } unavailable) throw new OracleException(unavailable);

        var (inputs, labels) = ReadTestSplit(request.Data, request.Model);
        using var options = SessionOptions(request.Device);
        using var session = OpenSession(request.Path, options);
        using var run = new TerminableRunOptions(cancellationToken);
        var inputName = session.InputMetadata.Keys.Single();
        var outputName = session.OutputMetadata.Keys.First();

        Predict(session, run.Options, inputName, outputName, inputs, request.Model.Classes); // untimed warm-up
        var correct = new List<int>();
        var seconds = new List<double>();
        var passLogits = new List<float[]>();
        for (var pass = 0; pass < request.Passes; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var logits = Predict(session, run.Options, inputName, outputName, inputs, request.Model.Classes);
            seconds.Add(clock.Elapsed.TotalSeconds);
            correct.Add(LogitPredictions.CountCorrect(logits, labels, request.Model.Classes));
            passLogits.Add(logits);
        }
        return new EvaluateResult(labels.Length, request.Model.Classes, correct, passLogits[0], seconds) { PassLogits = passLogits };
    }

    private SessionOptions SessionOptions(string device)
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (Threads is { } threads) options.IntraOpNumThreads = threads;
        if (device == Device.Cuda) options.AppendExecutionProvider_CUDA();
        return options;
    }

    private static InferenceSession OpenSession(string path, SessionOptions options)
    {
        if (!File.Exists(path)) throw new OracleException($"ONNX model not found: {path}");
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OracleException($"ONNX Runtime cannot load {path}: {e.Message}", e);
        }
    }

    /// <summary>The test split as ONNX inputs: float32 images or int64 token ids, shaped [N, ..input_shape].</summary>
    private static (ModelInput Inputs, long[] Labels) ReadTestSplit(DatasetRef data, ModelSpec model)
    {
        var file = SafetensorsReader.Read(data.Path);
        var x = file[DatasetCatalog.TestInputs];
        var labels = file[DatasetCatalog.TestLabels].ToInt64();
        long[] expected = [data.TestCount, .. model.InputShape.Select(d => (long)d)];
        if (!x.Shape.SequenceEqual(expected) || labels.Length != data.TestCount)
            throw new OracleException(
                $"{data.Path}: test split is [{string.Join(", ", x.Shape)}] with {labels.Length} labels; model {model.Name} needs [{string.Join(", ", expected)}]");
        return (new ModelInput(x), labels);
    }

    private static float[] Predict(InferenceSession session, RunOptions runOptions, string inputName, string outputName, ModelInput inputs, int classes)
    {
        var logits = new float[inputs.Count * classes];
        for (var start = 0; start < inputs.Count; start += EvaluationBatch)
        {
            var count = Math.Min(EvaluationBatch, inputs.Count - start);
            using var input = inputs.Slice(start, count);
            using var outputs = session.Run(runOptions, [inputName], [input], [outputName]);
            var batch = outputs[0].GetTensorDataAsSpan<float>();
            if (batch.Length != count * classes)
                throw new OracleException($"ONNX model returned {batch.Length} values for {count} examples of {classes} classes");
            batch.CopyTo(logits.AsSpan(start * classes));
        }
        return logits;
    }
}
