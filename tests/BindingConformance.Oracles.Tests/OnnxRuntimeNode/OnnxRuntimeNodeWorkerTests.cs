using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Tests.PythonTorch;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.OnnxRuntimeNode;

/// <summary>
/// The ONNX Runtime for Node worker's own error replies, spoken to directly (started from its shipped manifest): requests
/// the oracle would refuse before sending (a format it does not load, training) and requests only the worker can judge (a
/// missing file, a file that is no ONNX graph, a wrong input) each get one line naming the cause, and the same worker
/// serves the next request. <c>check-worker</c> covers the protocol's malformed frames.
/// </summary>
[Collection(TrainedLeNet5Collection.Name)]
public sealed class OnnxRuntimeNodeWorkerTests(TrainedLeNet5 trained)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [OnnxRuntimeNodeFact]
    public async Task A_request_it_cannot_serve_is_one_line_naming_the_cause_and_the_worker_serves_the_next()
    {
        var onnx = trained.Evaluate(ModelFormat.Onnx) with { Passes = 1 };
        var notOnnx = trained.PathOf(ModelFormat.Safetensors);
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.onnx");
        var wrongInput = new ActivationsRequest(trained.Model, ModelFormat.Onnx, onnx.Path, NamedTensor.FromFloats("x", new float[6], 2, 3), Device.Cpu);
        await using var worker = ShippedWorkers.StartWorker(ShippedWorkers.OnnxRuntimeNodeId);

        (string Op, JsonObject Args, NamedTensor[] Tensors, string Expected)[] requests =
        [
            ("evaluate", WorkerMessages.EvaluateArgs(onnx with { Path = missing }), [], $"ONNX model not found: {missing}"),
            ("evaluate", WorkerMessages.EvaluateArgs(onnx with { Path = notOnnx }), [], $"ONNX Runtime cannot load {notOnnx}"),
            ("evaluate", WorkerMessages.EvaluateArgs(onnx with { Format = ModelFormat.Safetensors }), [], "onnxruntime-node cannot load safetensors files (onnx only)"),
            ("activations", WorkerMessages.ActivationsArgs(wrongInput), [.. WorkerMessages.ActivationsTensors(wrongInput)],
                "activations input x is F32 [2, 3]; model LeNet5 needs F32 [n >= 1, 1, 28, 28]"),
            ("train", new JsonObject(), [], "unknown op 'train'"),
        ];
        foreach (var (op, args, tensors, expected) in requests)
        {
            var request = () => worker.RequestAsync(op, args, tensors, Limit);

            (await request.Should().ThrowAsync<OracleException>(op)).Which.Message.Should().Contain(expected).And.NotContain("    at ", "the stack stays on stderr");
        }
        worker.IsRunning.Should().BeTrue();
        (await worker.RequestAsync("hello", null, [], Limit)).Result["binding"]!.GetValue<string>().Should().Be(ShippedWorkers.OnnxRuntimeNodeId);
    }
}
