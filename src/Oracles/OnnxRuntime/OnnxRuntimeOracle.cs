using System.Diagnostics;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using Microsoft.ML.OnnxRuntime;

namespace BindingConformance.Oracles.OnnxRuntime;

/// <summary>
/// ONNX Runtime's C# binding, in process. Inference only: it loads ONNX files other bindings exported and
/// evaluates them like every oracle does (one untimed warm-up pass, then timed passes).
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
        // An exported graph has no spec layers to name: its output alone (ActivationsResult.OutputOnly).
        ActivationFormats = [ModelFormat.Onnx],
    };

    public BindingAvailability Probe()
    {
        try
        {
            var environment = OrtEnv.Instance();
            var providers = environment.GetAvailableProviders();
            // The CPU package lists only the CPU provider; CUDA counts only when its provider is compiled in.
            return providers.Contains(CudaProvider)
                ? BindingAvailability.Present(Descriptor, environment.GetVersionString(), [Device.Cpu, Device.Cuda])
                : BindingAvailability.Present(Descriptor, environment.GetVersionString(), [Device.Cpu], new Dictionary<string, string>
                {
                    [Device.Cuda] = $"this ONNX Runtime build has no {CudaProvider} (providers: {string.Join(", ", providers)}); " +
                                    "CUDA needs the Microsoft.ML.OnnxRuntime.Gpu package",
                });
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
        Task.Run(() => Evaluate(request, cancellationToken), cancellationToken);

    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        Task.Run(() => Activations(request), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private ActivationsResult Activations(ActivationsRequest request)
    {
        if (Capabilities.WhyCannotReportActivations(Descriptor.Id, request) is { } why) throw new OracleException(why);
        if (Probe().WhyNot(request.Device) is { } unavailable) throw new OracleException(unavailable);
        using var options = SessionOptions(request.Device);
        using var session = OpenSession(request.Path, options);
        var inputs = new ModelInput(request.Inputs);
        var logits = Predict(session, session.InputMetadata.Keys.Single(), session.OutputMetadata.Keys.First(), inputs, request.Model.Classes);
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
        var inputName = session.InputMetadata.Keys.Single();
        var outputName = session.OutputMetadata.Keys.First();

        Predict(session, inputName, outputName, inputs, request.Model.Classes); // untimed warm-up
        var correct = new List<int>();
        var seconds = new List<double>();
        var passLogits = new List<float[]>();
        for (var pass = 0; pass < request.Passes; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var logits = Predict(session, inputName, outputName, inputs, request.Model.Classes);
            seconds.Add(clock.Elapsed.TotalSeconds);
            correct.Add(CountCorrect(logits, labels, request.Model.Classes));
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

    private static float[] Predict(InferenceSession session, string inputName, string outputName, ModelInput inputs, int classes)
    {
        var logits = new float[inputs.Count * classes];
        using var runOptions = new RunOptions();
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

    private static int CountCorrect(float[] logits, long[] labels, int classes)
    {
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = logits.AsSpan(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
                if (row[c] > row[best]) best = c;
            if (best == labels[i]) correct++;
        }
        return correct;
    }
}
