using System.Diagnostics;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.InProcess;
using BindingConformance.Oracles.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// The TorchSharp binding, in process: builds a module from a <see cref="ModelSpec"/>, trains it in the
/// shared batch order, exports TorchSharp and safetensors files, evaluates TorchSharp, safetensors
/// and TorchScript files, runs the training-step probe of the PyTorch family, and runs the hazard probes eagerly, from the
/// reference's traced and scripted archives and compiled from TorchScript source (<see cref="TorchSharpProbes"/>).
/// </summary>
/// <param name="threads">
/// Intra-op threads libtorch uses while this oracle trains or evaluates (a process-wide setting); null
/// keeps libtorch's default. On the 2-core CI machine, 2 threads gave intermittent NaN gradients in
/// LeNet-1's first convolution (libtorch 2.10; PyTorch 1.13 on the same input did not), 1 thread none.
/// </param>
public sealed class TorchSharpOracle(int? threads = null) : IBindingOracle, ITrainingStepProbe
{
    public static string BindingId => Descriptor.Id;

    /// <summary>Examples per forward pass during evaluation; bounds memory, not results.</summary>
    private const int EvaluationChunk = 1000;

    public static BindingDescriptor Descriptor => InProcessBindings.TorchSharp.Descriptor;

    public BindingDescriptor Binding => Descriptor;

    public OracleCapabilities Capabilities { get; } = new(
        InProcessBindings.TorchSharp.CanTrain,
        ModelZoo.Names,
        InProcessBindings.TorchSharp.SaveFormats,
        InProcessBindings.TorchSharp.LoadFormats)
    {
        LayerKinds = LayerKind.All,
        ExecutionModes = TorchSharpProbes.Modes,
        // TorchScript archives give their output alone: TorchSharp runs them as one opaque forward().
        ActivationFormats = [ModelFormat.TorchSharp, ModelFormat.Safetensors, ModelFormat.PytorchStateDict, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted],
    };

    /// <summary>TorchSharp's version and the libtorch it wraps, e.g. <c>0.107.0 (libtorch 2.7.1)</c>; loads the native library.</summary>
    public static string Version =>
        $"{typeof(torch).Assembly.GetName().Version?.ToString(3)} (libtorch {torch.__version__})";

    public BindingAvailability Probe()
    {
        try
        {
            // Creating a tensor forces libtorch and libLibTorchSharp to load and run.
            using var one = torch.ones(1);
            using var two = one.add(one, KeptScalars.One);
            if (two.item<float>() != 2f) return BindingAvailability.Absent(Descriptor, "libtorch computed 1 + 1 ≠ 2", null);
            var present = torch.cuda.is_available()
                ? BindingAvailability.Present(Descriptor, Version, [Device.Cpu, Device.Cuda])
                : BindingAvailability.Present(Descriptor, Version, [Device.Cpu], new Dictionary<string, string> { [Device.Cuda] = WhyNoCuda() });
            return present with { Engine = new BindingEngine("libtorch", torch.__version__) };
        }
        catch (Exception e)
        {
            var root = e;
            while (root.InnerException is not null) root = root.InnerException;
            return BindingAvailability.Absent(Descriptor, $"TorchSharp native library failed to load: {root.Message}",
                $"reference a TorchSharp native package ({InProcessBindings.TorchSharp.NativePackages}) and rebuild (dotnet build), so that the GLIBCXX patch applies to libLibTorchSharp.so; see README");
        }
    }

    // The TorchSharp-cpu package ships no libtorch_cuda; the CUDA packages do, so its presence tells the two cases apart.
    private static string WhyNoCuda() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "*torch_cuda.*", SearchOption.AllDirectories).Any()
            ? $"libtorch {torch.__version__} is built for CUDA but finds no CUDA device"
            : $"libtorch {torch.__version__} here is CPU-only (the TorchSharp-cpu package); CUDA needs TorchSharp-cuda-linux or TorchSharp-cuda-windows";

    /// <summary>Trains on a dedicated thread that stops at its next batch once the request's <see cref="RequestDeadline"/> passes.</summary>
    public Task<TrainResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default) =>
        Watchdog($"training of {request.Model.Name}", RequestDeadline.For(request), limit =>
        {
            ApplyThreads();
            return Train(request, limit);
        }, cancellationToken);

    /// <summary>
    /// Evaluates on a dedicated thread and fails once the request's <see cref="RequestDeadline"/> passes, even when a
    /// TorchScript archive's code never returns (that thread is then abandoned; see <see cref="NativeCallWatchdog"/>).
    /// </summary>
    public Task<EvaluateResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default) =>
        Capabilities.WhyCannotEvaluate(BindingId, request) is { } why
            ? Task.FromException<EvaluateResult>(new OracleException(why))
            : Watchdog($"evaluation of {request.Format} file {request.Path}", RequestDeadline.For(request), limit =>
            {
                ApplyThreads();
                return Evaluate(request, limit);
            }, cancellationToken);

    /// <summary>One forward pass on a dedicated thread, bounded like evaluation (<see cref="NativeCallWatchdog"/>).</summary>
    public Task<ActivationsResult> ActivationsAsync(ActivationsRequest request, CancellationToken cancellationToken = default) =>
        Capabilities.WhyCannotReportActivations(BindingId, request) is { } why
            ? Task.FromException<ActivationsResult>(new OracleException(why))
            : Watchdog($"activations of {request.Format} file {request.Path}", RequestDeadline.For(request), _ =>
            {
                ApplyThreads();
                return Activations(request);
            }, cancellationToken);

    public string? WhyNoStep => null;

    public Task<TrainingStepResult> StepAsync(TrainingStepRequest request, CancellationToken cancellationToken = default) =>
        request.WhyInvalid() is { } why
            ? Task.FromException<TrainingStepResult>(new OracleException(why))
            : Task.Run(() =>
            {
                ApplyThreads();
                return FreedScalarError.Explained(() => Step(request));
            }, cancellationToken);

    /// <summary>On a dedicated thread, like evaluation: a loaded archive's code may never return.</summary>
    public Task<ProbeRunResult> RunProbeAsync(ProbeRunRequest request, CancellationToken cancellationToken = default) =>
        Capabilities.WhyCannotRunProbe(BindingId, request) is { } why
            ? Task.FromException<ProbeRunResult>(new OracleException(why))
            : Watchdog($"hazard probe {request.Probe.Name} ({request.Mode})", RequestDeadline.For(request), limit =>
            {
                ApplyThreads();
                return TorchSharpProbes.Run(request, TorchDevice(request.Device), limit);
            }, cancellationToken);

    private static Task<T> Watchdog<T>(string what, RequestDeadline deadline, Func<CancellationToken, T> work, CancellationToken cancellationToken) =>
        NativeCallWatchdog.RunAsync(BindingId, what, "libtorch cannot abort the call", deadline,
            limit => FreedScalarError.Explained(() => work(limit)), cancellationToken);

    private void ApplyThreads()
    {
        if (threads is { } count) torch.set_num_threads(count);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static TrainResult Train(TrainRequest request, CancellationToken cancellationToken)
    {
        var device = TorchDevice(request.Device);
        var settings = request.Settings;
        if (settings.BatchSize <= 0 || settings.Epochs <= 0)
            throw new OracleException($"epochs ({settings.Epochs}) and batch size ({settings.BatchSize}) must be positive");
        if (request.BatchOrder.Epochs.Count != settings.Epochs)
            throw new OracleException($"batch order has {request.BatchOrder.Epochs.Count} epochs but the settings ask for {settings.Epochs}");
        foreach (var format in request.Exports.Select(e => e.Format).Where(f => !SavesTo(f)))
            throw new OracleException($"{BindingId} cannot save {format} files");

        torch.manual_seed(request.Seed);
        using var data = TorchDataset.Load(request.Data, request.Model, device);
        var count = data.TrainY.shape[0];
        if (request.BatchOrder.Epochs.Any(order => order.Length != count))
            throw new OracleException($"batch order permutes {request.BatchOrder.Epochs[0].Length} examples but {request.Data.Name} has {count} training examples");

        using var model = new SpecModule(request.Model);
        model.to(device);
        using var optimizer = Optimizer(request.Model.Optimizer, model);
        var trainAccuracy = new List<double>();
        var testAccuracy = new List<double>();
        // Filled on the device: reading each loss would synchronise CUDA inside the timed loop.
        using var losses = torch.empty(request.Steps, ScalarType.Float64, device: device);
        var steps = 0;
        Prediction? test = null;
        var training = new Stopwatch();
        foreach (var order in request.BatchOrder.Epochs)
        {
            model.train();
            training.Start();
            using (var permutation = torch.tensor(order.Select(i => (long)i).ToArray()).to(device))
            {
                for (var start = 0; start < order.Length; start += settings.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var step = torch.NewDisposeScope();
                    var batch = permutation.narrow(0, start, Math.Min(settings.BatchSize, order.Length - start));
                    // Dropout masks are the harness's draws of (seed, step), as in every PyTorch-family binding.
                    model.DrawFrom(request.Seed, steps);
                    optimizer.zero_grad();
                    var loss = nn.functional.cross_entropy(model.forward(data.TrainX.index_select(0, batch)), data.TrainY.index_select(0, batch));
                    loss.backward();
                    optimizer.step();
                    losses[steps++].copy_(loss.detach());
                }
            }
            Synchronize(device);
            training.Stop();
            // Per-epoch evaluation is outside the timed region: the study times training alone.
            model.eval();
            trainAccuracy.Add(Predict(model.forward, data.TrainX, data.TrainY, request.Model.Classes).Accuracy);
            test = Predict(model.forward, data.TestX, data.TestY, request.Model.Classes, keepLogits: true);
            testAccuracy.Add(test.Accuracy);
        }

        // The last epoch's evaluation is of the trained model, in eval mode, before any export is written.
        foreach (var export in request.Exports) Save(model, request.Model, export);
        using var stepLosses = losses.cpu();
        return new TrainResult(trainAccuracy, testAccuracy, test!.Accuracy, training.Elapsed.TotalSeconds, Version, request.Exports)
        {
            StepLosses = stepLosses.data<double>().ToArray(),
            FinalTestLogits = test.Logits,
        };
    }

    private static EvaluateResult Evaluate(EvaluateRequest request, CancellationToken cancellationToken)
    {
        if (request.Passes <= 0) throw new OracleException($"passes {request.Passes} is not positive");
        var device = TorchDevice(request.Device);
        using var data = TorchDataset.Load(request.Data, request.Model, device);
        var model = Load(request.Model, request.Format, request.Path, device);
        using var owner = model.Module;
        owner.eval();
        var classes = request.Model.Classes;

        Predict(model.Forward, data.TestX, data.TestY, classes);
        var correct = new List<int>();
        var seconds = new List<double>();
        var logits = new List<float[]>();
        for (var pass = 0; pass < request.Passes; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stopwatch = Stopwatch.StartNew();
            var prediction = Predict(model.Forward, data.TestX, data.TestY, classes, keepLogits: true);
            Synchronize(device);
            seconds.Add(stopwatch.Elapsed.TotalSeconds);
            correct.Add(prediction.Correct);
            logits.Add(prediction.Logits!);
        }
        return new EvaluateResult((int)data.TestY.shape[0], classes, correct, logits[0], seconds) { PassLogits = logits };
    }

    private static ActivationsResult Activations(ActivationsRequest request)
    {
        var device = TorchDevice(request.Device);
        var model = Load(request.Model, request.Format, request.Path, device);
        using var owner = model.Module;
        owner.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var inputs = TorchTensors.FromNamed(request.Inputs).to(device);
        IReadOnlyList<(string Name, Tensor Output)> layers = owner is SpecModule spec
            ? spec.ForwardLayers(inputs)
            : [(ActivationsResult.OutputOnly, model.Forward(inputs))];
        var result = new ActivationsResult(layers.Select(l => TorchTensors.ToNamed(l.Name, l.Output.to(ScalarType.Float32))).ToArray());
        return result.WhyNotAnswerTo(request) is { } why ? throw new OracleException($"{BindingId}: {why}") : result;
    }

    private static TrainingStepResult Step(TrainingStepRequest request)
    {
        var device = TorchDevice(request.Device);
        using var model = LoadSpecModule(request.Model, ModelFormat.Safetensors, request.WeightsPath, device);
        model.train();
        using var optimizer = Optimizer(request.Model.Optimizer, model);
        using var scope = torch.NewDisposeScope();
        var inputs = TorchTensors.FromNamed(request.Inputs).to(device);
        var labels = TorchTensors.FromNamed(request.Labels).to(device);
        var losses = new double[request.Steps];
        float[]? logits = null;
        NamedTensor[] gradients = [];
        for (var k = 0; k < request.Steps; k++)
        {
            model.DrawFrom(request.Seed, k);
            optimizer.zero_grad();
            var output = model.forward(inputs[k]);
            var loss = nn.functional.cross_entropy(output, labels[k]);
            loss.backward();
            if (k == 0)
            {
                logits = output.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
                gradients = model.named_parameters()
                    .Select(p => TorchTensors.ToNamed(p.name, (p.parameter.grad ?? torch.zeros_like(p.parameter)).to(ScalarType.Float32)))
                    .ToArray();
            }
            optimizer.step();
            losses[k] = loss.item<float>();
        }
        return new TrainingStepResult(losses, logits!, StateTensors(model), gradients);
    }

    private sealed record Prediction(int Correct, int Count, float[]? Logits)
    {
        public double Accuracy => Count == 0 ? double.NaN : (double)Correct / Count;
    }

    private static Prediction Predict(Func<Tensor, Tensor> forward, Tensor inputs, Tensor labels, int classes, bool keepLogits = false)
    {
        using var noGrad = torch.no_grad();
        var count = (int)labels.shape[0];
        var correct = 0;
        var logits = keepLogits ? new float[(long)count * classes] : null;
        for (var start = 0; start < count; start += EvaluationChunk)
        {
            using var chunk = torch.NewDisposeScope();
            var length = Math.Min(EvaluationChunk, count - start);
            var output = forward(inputs.narrow(0, start, length));
            if (output.shape.Length != 2 || output.shape[0] != length || output.shape[1] != classes)
                throw new OracleException($"model output has shape [{string.Join(", ", output.shape)}], expected [{length}, {classes}]");
            correct += (int)output.argmax(1).eq(labels.narrow(0, start, length)).sum().item<long>();
            if (logits is not null)
                output.to(ScalarType.Float32).cpu().contiguous().data<float>().CopyTo(logits, start * classes);
        }
        return new Prediction(correct, count, logits);
    }

    internal static optim.Optimizer Optimizer(OptimizerSpec spec, nn.Module model) => spec.Kind switch
    {
        "sgd" => optim.SGD(model.parameters(), spec.LearningRate, momentum: spec.Momentum),
        "adam" => optim.Adam(model.parameters(), spec.LearningRate, spec.Beta1, spec.Beta2, spec.Epsilon),
        _ => throw new OracleException($"optimizer '{spec.Kind}' is not supported by {BindingId} (known: sgd, adam)"),
    };

    private static bool SavesTo(ModelFormat format) => InProcessBindings.TorchSharp.SaveFormats.Contains(format);

    private static void Save(SpecModule model, ModelSpec spec, ModelExport export)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(export.Path)) is { } folder) Directory.CreateDirectory(folder);
        switch (export.Format)
        {
            case ModelFormat.TorchSharp:
                model.save(export.Path);
                break;
            case ModelFormat.Safetensors:
                SafetensorsWriter.Write(export.Path, StateTensors(model), new Dictionary<string, string>
                {
                    ["format"] = "pt",
                    ["binding"] = BindingId,
                    ["model"] = spec.Name,
                });
                break;
            case ModelFormat.PytorchStateDict:
                PytorchStateDicts.Save(model, export.Path);
                break;
            default:
                throw new OracleException($"{BindingId} cannot save {export.Format} files");
        }
    }

    private static NamedTensor[] StateTensors(SpecModule model) =>
        model.state_dict().Select(p => TorchTensors.ToNamed(p.Key, p.Value)).ToArray();

    private static ModuleWithForward Load(ModelSpec spec, ModelFormat format, string path, torch.Device device)
    {
        if (format.HoldsWeightsOnly())
        {
            var module = LoadSpecModule(spec, format, path, device);
            return new(module, module.forward);
        }
        var script = Loading(spec, format, path, () => format switch
        {
            ModelFormat.TorchScriptTraced or ModelFormat.TorchScriptScripted => torch.jit.load<Tensor, Tensor>(path),
            _ => throw new OracleException($"{BindingId} cannot load {format} files"),
        });
        try
        {
            Loading(spec, format, path, () => CheckArchive(spec, script, path));
        }
        catch
        {
            script.Dispose();
            throw;
        }
        script.to(device);
        return new(script, script.forward);
    }

    /// <summary>
    /// An archive is code: one whose weights are not <paramref name="spec"/>'s (names and shapes, as a safetensors file
    /// must match) is another network, refused rather than run as the named model.
    /// </summary>
    private static bool CheckArchive(ModelSpec spec, torch.jit.ScriptModule<Tensor, Tensor> script, string path)
    {
        using var expected = new SpecModule(spec);
        static string Describe(IEnumerable<(string Name, Tensor Value)> state) =>
            string.Join(", ", state.Select(p => $"{p.Name} [{string.Join(", ", p.Value.shape)}]"));
        var want = expected.state_dict().Select(p => (p.Key, p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var got = script.state_dict().Select(p => (p.Key, p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        var same = want.Length == got.Length && want.Zip(got).All(p => p.First.Key == p.Second.Key && p.First.Value.shape.SequenceEqual(p.Second.Value.shape));
        return same ? true : throw new OracleException($"{path} is not a {spec.Name} archive: its weights are [{Describe(got)}]; {spec.Name}'s are [{Describe(want)}]");
    }

    /// <summary>A <see cref="SpecModule"/> with the weights of a state-dict file (TorchSharp, safetensors, PyTorch's pickle), on <paramref name="device"/>.</summary>
    internal static SpecModule LoadSpecModule(ModelSpec spec, ModelFormat format, string path, torch.Device device) =>
        Loading(spec, format, path, () =>
        {
            var module = new SpecModule(spec);
            switch (format)
            {
                case ModelFormat.TorchSharp:
                    // TorchSharp's loader takes repeated keys and trailing bytes; the shared rule refuses them first.
                    TorchSharpFormatValidator.Validate(path);
                    module.load(path);
                    break;
                case ModelFormat.PytorchStateDict:
                    CopyWeights(module, new SafetensorsFile(PytorchStateDicts.Read(path), new Dictionary<string, string>()), path);
                    break;
                default:
                    CopyWeights(module, SafetensorsReader.Read(path), path);
                    break;
            }
            module.to(device);
            return module;
        });

    /// <summary>Runs <paramref name="load"/>, turning a missing file or a loader's exception into one <see cref="OracleException"/> line.</summary>
    private static T Loading<T>(ModelSpec spec, ModelFormat format, string path, Func<T> load)
    {
        if (!File.Exists(path)) throw new OracleException($"{format} file not found: {path}");
        try
        {
            return load();
        }
        catch (Exception e) when (e is not OracleException)
        {
            throw new OracleException($"{BindingId} could not load {format} file {path} as {spec.Name}: {OneLine.Of(e.Message)}", e);
        }
    }

    /// <summary>Strict loading: the file must hold exactly the module's tensors with the same shapes.</summary>
    internal static void CopyWeights(SpecModule model, SafetensorsFile file, string path)
    {
        var state = model.state_dict();
        var missing = state.Keys.Except(file.Tensors.Select(t => t.Name)).ToArray();
        var unexpected = file.Tensors.Select(t => t.Name).Except(state.Keys).ToArray();
        if (missing.Length > 0 || unexpected.Length > 0)
            throw new OracleException($"{path} does not match model {model.GetName()}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        using var noGrad = torch.no_grad();
        foreach (var named in file.Tensors)
        {
            var target = state[named.Name];
            if (!named.Shape.SequenceEqual(target.shape))
                throw new OracleException(
                    $"{path}: tensor '{named.Name}' has shape [{string.Join(", ", named.Shape)}], model {model.GetName()} expects [{string.Join(", ", target.shape)}]");
            using var source = TorchTensors.FromNamed(named);
            // Disposed here, not by the finalizer: freed on the GC's thread while a probe thread ran a native LSTM/GRU
            // on these weights, such a temporary corrupted libtorch's heap (docs/hybridization-probes.md).
            using var converted = source.to(target.dtype);
            target.copy_(converted);
        }
    }

    private static torch.Device TorchDevice(string device) => device switch
    {
        Device.Cpu => torch.CPU,
        Device.Cuda when torch.cuda.is_available() => torch.CUDA,
        Device.Cuda => throw new OracleException($"CUDA is not available to {BindingId} (no CUDA device or a CPU-only TorchSharp package)"),
        _ => throw new OracleException($"unknown device '{device}'; known: {string.Join(", ", Device.All)}"),
    };

    private static void Synchronize(torch.Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize();
    }
}
