using System.Text.Json.Nodes;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// The <c>train</c> and <c>evaluate</c> requests and results of PROTOCOL.md, shared by every worker oracle
/// so that all workers receive the same arguments and are read the same way.
/// </summary>
public static class WorkerMessages
{
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
            request.Exports);
    }

    public static EvaluateResult ToEvaluateResult(WorkerReply reply)
    {
        var result = new ResultReader(reply.Result, "evaluate");
        var count = result.Get<int>("count");
        var classes = result.Get<int>("classes");
        var logits = reply.Tensor("logits");
        if (!logits.Shape.SequenceEqual([count, (long)classes]))
            throw new OracleException($"evaluate reply has logits [{string.Join(", ", logits.Shape)}] for {count} examples of {classes} classes");
        return new EvaluateResult(count, classes, result.List<int>("correct_per_pass"), logits.ToFloats(), result.Doubles("pass_seconds"));
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
