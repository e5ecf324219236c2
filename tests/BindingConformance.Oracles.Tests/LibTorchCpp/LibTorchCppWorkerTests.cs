using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Tests.Formats;
using BindingConformance.Oracles.Tests.PythonTorch;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.LibTorchCpp;

/// <summary>
/// The libtorch C++ worker's own error replies, spoken to directly (started from its shipped manifest): requests the oracle
/// would refuse before sending (a format it does not load, a train request without a model) and requests only the worker
/// can judge (a missing or corrupt file, weights of another model, a wrong input) each get one line naming the cause, and
/// the same worker serves the next request. <c>check-worker</c> covers the protocol's malformed frames.
/// </summary>
[Collection(TrainedLeNet5Collection.Name)]
public sealed class LibTorchCppWorkerTests(TrainedLeNet5 trained)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [LibTorchCppFact]
    public async Task A_request_it_cannot_serve_is_one_line_naming_the_cause_and_the_worker_serves_the_next()
    {
        var lenet5 = trained.Evaluate(ModelFormat.Safetensors) with { Passes = 1 };
        var corrupt = Path.Combine(WeightFileCorpus.Folder, "overlapping-ranges.safetensors");
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.safetensors");
        var x = SafetensorsReader.Read(trained.Data.Path)["test_x"].FirstRows(4);
        var batch = new NamedTensor("x", x.Dtype, [1, .. x.Shape], x.Data);
        var wrongModel = new TrainingStepRequest(ModelZoo.Get(ModelZoo.LeNet1), lenet5.Path, batch, NamedTensor.FromInt64("y", new long[4], 1, 4), Device.Cpu);
        var wrongBatches = wrongModel with { Model = trained.Model, Inputs = x };
        var wrongInput = new ActivationsRequest(trained.Model, ModelFormat.Safetensors, lenet5.Path, NamedTensor.FromFloats("x", new float[6], 2, 3), Device.Cpu);
        await using var worker = ShippedWorkers.StartWorker(ShippedWorkers.LibTorchCppId);

        (string Op, JsonObject Args, NamedTensor[] Tensors, string Expected)[] requests =
        [
            ("evaluate", WorkerMessages.EvaluateArgs(lenet5 with { Path = missing }), [], $"safetensors file not found: {missing}"),
            ("evaluate", WorkerMessages.EvaluateArgs(lenet5 with { Path = corrupt }), [], $"{corrupt}: tensor 'b' range [4, 8] overlaps the previous tensor"),
            ("evaluate", WorkerMessages.EvaluateArgs(lenet5 with { Format = ModelFormat.Onnx }), [], "the libtorch-cpp worker cannot load format 'onnx'"),
            ("step", WorkerMessages.StepArgs(wrongModel), [.. WorkerMessages.StepTensors(wrongModel)], "weights do not match model LeNet1"),
            ("step", WorkerMessages.StepArgs(wrongBatches), [.. WorkerMessages.StepTensors(wrongBatches)],
                "step batches are x F32 [4, 1, 28, 28], y I64 [1, 4]; model LeNet5 needs x [steps, n, 1, 28, 28] and y I64 [steps, n]"),
            ("activations", WorkerMessages.ActivationsArgs(wrongInput), [.. WorkerMessages.ActivationsTensors(wrongInput)],
                "activations input x is F32 [2, 3]; model LeNet5 needs F32 [n >= 1, 1, 28, 28]"),
            ("train", new JsonObject(), [], "train request has no 'model'"),
            ("no-such-op", new JsonObject(), [], "unknown op 'no-such-op'"),
        ];
        foreach (var (op, args, tensors, expected) in requests)
        {
            var request = () => worker.RequestAsync(op, args, tensors, Limit);

            var error = (await request.Should().ThrowAsync<OracleException>(op)).Which.Message;
            error.Should().Contain(expected).And.NotContain("Exception raised from", "libtorch's C++ backtrace stays out of the reply");
        }
        worker.IsRunning.Should().BeTrue();
        (await worker.RequestAsync("hello", null, [], Limit)).Result["binding"]!.GetValue<string>().Should().Be(ShippedWorkers.LibTorchCppId);
    }
}
