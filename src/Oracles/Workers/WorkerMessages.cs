using System.Text.Json.Nodes;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// The <c>train</c>, <c>evaluate</c>, <c>step</c> and <c>activations</c> requests and results of PROTOCOL.md, shared by every
/// worker oracle so that all workers receive the same arguments and are read the same way.
/// </summary>
public static class WorkerMessages
{
    /// <summary>Prefix of a step reply's gradient tensors: <c>grad:{state-dict name}</c>.</summary>
    public const string GradientPrefix = "grad:";

    public static JsonObject TrainArgs(TrainRequest request) => new()
    {
        ["model"] = WorkerJson.From(request.Model),
        ["data"] = WorkerJson.From(request.Data),
        ["seed"] = request.Seed,
        ["settings"] = WorkerJson.From(request.Settings),
        ["device"] = request.Device,
        ["exports"] = new JsonArray(request.Exports
            .Select(e => (JsonNode)new JsonObject { ["format"] = e.Format.WireName(), ["path"] = e.Path }).ToArray()),
    };

    public static IReadOnlyList<NamedTensor> TrainTensors(TrainRequest request) => [BatchOrderTensor(request.BatchOrder)];

    /// <summary>The <c>batch_order</c> tensor of a train request: I32 [epochs, train_count].</summary>
    private static NamedTensor BatchOrderTensor(BatchOrder order)
    {
        var count = order.Epochs.Count == 0 ? 0 : order.Epochs[0].Length;
        return NamedTensor.FromInt32("batch_order", order.Epochs.SelectMany(e => e).ToArray(), order.Epochs.Count, count);
    }

    public static JsonObject EvaluateArgs(EvaluateRequest request) => new()
    {
        ["model"] = WorkerJson.From(request.Model),
        ["data"] = WorkerJson.From(request.Data),
        ["format"] = request.Format.WireName(),
        ["path"] = request.Path,
        ["device"] = request.Device,
        ["passes"] = request.Passes,
    };

    public static TrainResult ToTrainResult(WorkerReply reply, TrainRequest request)
    {
        var result = new ResultReader(reply.Result, "train");
        return new TrainResult(
            result.Doubles("train_accuracy"),
            result.Doubles("test_accuracy"),
            result.Get<double>("final_test_accuracy"),
            result.Get<double>("training_seconds"),
            result.Get<string>("version"),
            request.Exports)
        {
            StepLosses = Shaped(reply, "train", "step_losses", TensorDtype.F64, request.Steps).ToDoubles(),
            FinalTestLogits = Shaped(reply, "train", "final_test_logits", TensorDtype.F32, request.Data.TestCount, request.Model.Classes).ToFloats(),
        };
    }

    /// <summary>Reads <c>logits</c> F32 [passes, count, classes]: one [count, classes] block per timed pass.</summary>
    public static EvaluateResult ToEvaluateResult(WorkerReply reply)
    {
        var result = new ResultReader(reply.Result, "evaluate");
        var count = result.Get<int>("count");
        var classes = result.Get<int>("classes");
        var correct = result.List<int>("correct_per_pass");
        var logits = Shaped(reply, "evaluate", "logits", TensorDtype.F32, correct.Length, count, classes).ToFloats();
        if (correct.Length == 0) throw new OracleException("evaluate reply has no timed pass");
        var size = count * classes;
        var passes = Enumerable.Range(0, correct.Length).Select(pass => logits[(pass * size)..((pass + 1) * size)]).ToArray();
        return new EvaluateResult(count, classes, correct, passes[0], result.Doubles("pass_seconds")) { PassLogits = passes };
    }

    public static JsonObject StepArgs(TrainingStepRequest request) => new()
    {
        ["model"] = WorkerJson.From(request.Model),
        ["path"] = request.WeightsPath,
        ["device"] = request.Device,
        ["seed"] = request.Seed,
    };

    /// <summary>The batches of a step request: <c>x</c> (inputs, [steps, n, …]) and <c>y</c> (labels, [steps, n]).</summary>
    public static IReadOnlyList<NamedTensor> StepTensors(TrainingStepRequest request) =>
    [
        new NamedTensor("x", request.Inputs.Dtype, request.Inputs.Shape, request.Inputs.Data),
        new NamedTensor("y", request.Labels.Dtype, request.Labels.Shape, request.Labels.Data),
    ];

    /// <summary>
    /// Reads <c>losses</c> F64 [steps], <c>logits</c> F32 [n, classes], the first step's gradients (<c>grad:{name}</c>, F32);
    /// every other result tensor is a state-dict entry after the last step.
    /// </summary>
    public static TrainingStepResult ToStepResult(WorkerReply reply, TrainingStepRequest request)
    {
        var losses = Shaped(reply, "step", "losses", TensorDtype.F64, request.Steps).ToDoubles();
        var logits = Shaped(reply, "step", "logits", TensorDtype.F32, request.BatchSize, request.Model.Classes).ToFloats();
        var state = reply.Tensors.Where(t => t.Name is not ("losses" or "logits")).ToArray();
        var gradients = state.Where(t => t.Name.StartsWith(GradientPrefix, StringComparison.Ordinal))
            .Select(t => new NamedTensor(t.Name[GradientPrefix.Length..], t.Dtype, t.Shape, t.Data)).ToArray();
        var weights = state.Where(t => !t.Name.StartsWith(GradientPrefix, StringComparison.Ordinal)).ToArray();
        if (weights.Length == 0) throw new OracleException("step reply has no updated weights");
        if (gradients.Length == 0) throw new OracleException("step reply has no gradients");
        if (gradients.FirstOrDefault(g => g.Dtype != TensorDtype.F32) is { } mistyped)
            throw new OracleException($"step reply has gradient '{mistyped.Name}' {mistyped.Dtype}, expected F32");
        return new TrainingStepResult(losses, logits, weights, gradients);
    }

    public static JsonObject ProbeArgs(ProbeRunRequest request) => new()
    {
        ["probe"] = request.Probe.Name,
        ["mode"] = request.Mode,
        ["device"] = request.Device,
        ["artifacts"] = request.ArtifactDirectory,
        ["passes"] = request.TimedPasses,
        ["training_passes"] = request.TrainingPasses,
        ["control"] = request.Probe.Control is { } spec ? WorkerJson.From(spec) : null,
    };

    /// <summary>The cases of a probe request, in order, named as the cases.</summary>
    public static IReadOnlyList<NamedTensor> ProbeTensors(ProbeRunRequest request) => request.Probe.Cases;

    /// <summary>
    /// Reads <c>incompatible</c> (string or null), <c>diagnostics</c>, <c>side_effects</c> (int or null) and
    /// <c>pass_seconds</c>, and when training passes were asked for <c>untrainable</c> (string or null),
    /// <c>training_pass_seconds</c> and <c>training_losses</c>; the result tensors are the outputs of the cases that ran,
    /// named as the cases.
    /// </summary>
    public static ProbeRunResult ToProbeResult(WorkerReply reply, ProbeRunRequest request)
    {
        var result = new ResultReader(reply.Result, "probe");
        if (reply.Result["incompatible"] is JsonValue incompatible && incompatible.TryGetValue<string>(out var why))
            return ProbeRunResult.CannotCapture(why);
        var cases = request.Probe.Cases.Select(c => c.Name).ToHashSet();
        if (reply.Tensors.FirstOrDefault(t => !cases.Contains(t.Name)) is { } stray)
            throw new OracleException($"probe reply has output '{stray.Name}', which is no case of {request.Probe.Name} (cases: {string.Join(", ", cases)})");
        long? sideEffects = reply.Result["side_effects"] is JsonValue count ? count.GetValue<long>() : null;
        var run = new ProbeRunResult(null, reply.Tensors, result.List<string>("diagnostics"), sideEffects, result.Doubles("pass_seconds"));
        if (request.TrainingPasses == 0) return run;
        if (reply.Result["untrainable"] is JsonValue untrainable && untrainable.TryGetValue<string>(out var cannotTrain))
            return run with { Untrainable = cannotTrain };
        return run with { TrainingPassSeconds = result.Doubles("training_pass_seconds"), TrainingLosses = result.Doubles("training_losses") };
    }

    /// <summary>The activations op's arguments; <c>backend</c> only when the request names one (a worker with alternate backends).</summary>
    public static JsonObject ActivationsArgs(ActivationsRequest request)
    {
        var args = new JsonObject
        {
            ["model"] = WorkerJson.From(request.Model),
            ["format"] = request.Format.WireName(),
            ["path"] = request.Path,
            ["device"] = request.Device,
        };
        if (request.Backend is not null) args["backend"] = request.Backend;
        return args;
    }

    /// <summary>The batch of an activations request: <c>x</c>.</summary>
    public static IReadOnlyList<NamedTensor> ActivationsTensors(ActivationsRequest request) =>
        [new NamedTensor("x", request.Inputs.Dtype, request.Inputs.Shape, request.Inputs.Data)];

    /// <summary>Reads the result tensors in order: one F32 [n, …] per spec layer, or <c>output</c> alone (<see cref="ActivationsResult.WhyNotAnswerTo"/>).</summary>
    public static ActivationsResult ToActivationsResult(WorkerReply reply, ActivationsRequest request)
    {
        var result = new ActivationsResult(reply.Tensors);
        return result.WhyNotAnswerTo(request) is { } why ? throw new OracleException($"activations reply: {why}") : result;
    }

    /// <summary>The reply's tensor <paramref name="name"/>, which must have exactly this dtype and shape.</summary>
    private static NamedTensor Shaped(WorkerReply reply, string op, string name, TensorDtype dtype, params long[] shape)
    {
        var tensor = reply.Tensor(name);
        if (tensor.Dtype != dtype || !tensor.Shape.SequenceEqual(shape))
            throw new OracleException(
                $"{op} reply has {name} {tensor.Dtype} [{string.Join(", ", tensor.Shape)}], expected {dtype} [{string.Join(", ", shape)}]");
        return tensor;
    }

    /// <summary>Reads result fields, turning a missing or mistyped one into an <see cref="OracleException"/>.</summary>
    private sealed class ResultReader(JsonObject result, string op)
    {
        public T Get<T>(string key) =>
            result[key] is JsonValue value && value.TryGetValue<T>(out var typed) ? typed
            : throw Invalid(key, typeof(T).Name);

        public T[] List<T>(string key) =>
            result[key] is JsonArray items
                ? items.Select(item => item is JsonValue value && value.TryGetValue<T>(out var typed) ? typed : throw Invalid(key, $"list of {typeof(T).Name}")).ToArray()
                : throw Invalid(key, $"list of {typeof(T).Name}");

        public double[] Doubles(string key) => List<double>(key);

        private OracleException Invalid(string key, string expected) =>
            new($"worker's '{op}' result has no {expected} '{key}': {result.ToJsonString()}");
    }
}
