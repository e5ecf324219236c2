using System.Text.Json.Nodes;

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

    public static IReadOnlyList<FrameTensor> TrainTensors(TrainRequest request) => [FrameTensor.BatchOrder(request.BatchOrder)];

    public static JsonObject EvaluateArgs(EvaluateRequest request) => new()
    {
        ["model"] = WorkerJson.From(request.Model),
        ["data"] = WorkerJson.From(request.Data),
        ["format"] = request.Format.WireName(),
        ["path"] = request.Path,
        ["device"] = request.Device,
        ["passes"] = request.Passes,
    };

    public static TrainResult ToTrainResult(WorkerReply reply, TrainRequest request) =>
        Read(reply, "train", r => new TrainResult(
            Doubles(r["train_accuracy"]),
            Doubles(r["test_accuracy"]),
            r["final_test_accuracy"]!.GetValue<double>(),
            r["training_seconds"]!.GetValue<double>(),
            r["version"]!.GetValue<string>(),
            request.Exports));

    public static EvaluateResult ToEvaluateResult(WorkerReply reply) =>
        Read(reply, "evaluate", r =>
        {
            var count = r["count"]!.GetValue<int>();
            var classes = r["classes"]!.GetValue<int>();
            var logits = reply.Tensor("logits");
            if (!logits.Shape.SequenceEqual([count, (long)classes]))
                throw new OracleException($"evaluate reply has logits [{string.Join(", ", logits.Shape)}] for {count} examples of {classes} classes");
            return new EvaluateResult(
                count,
                classes,
                r["correct_per_pass"]!.AsArray().Select(c => c!.GetValue<int>()).ToArray(),
                logits.ToFloats(),
                Doubles(r["pass_seconds"]));
        });

    /// <summary>Reads a result, turning a missing or mistyped field into an <see cref="OracleException"/>.</summary>
    private static T Read<T>(WorkerReply reply, string op, Func<JsonObject, T> read)
    {
        try
        {
            return read(reply.Result);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new OracleException($"worker's '{op}' result is incomplete or mistyped ({e.Message}): {reply.Result.ToJsonString()}", e);
        }
    }

    private static double[] Doubles(JsonNode? node) => node!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
}
