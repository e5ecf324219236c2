using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.Tests.Workers;
using BindingConformance.Oracles.Workers;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace BindingConformance.Oracles.Tests.OnnxRuntimeNode;

/// <summary>
/// The ONNX Runtime for Node worker through the protocol, for real (until the generic worker oracle serves it from a
/// manifest): what hello declares, Python's ONNX exports evaluated at their recorded correct count and as ONNX Runtime's
/// C# binding runs them, the output as its activations, and failures that keep it serving.
/// </summary>
public sealed class OnnxRuntimeNodeWorkerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [OnnxRuntimeNodeFact]
    public async Task Hello_declares_an_inference_only_onnx_binding_in_javascript_on_onnxruntime_1_30()
    {
        await using var worker = OnnxRuntimeNodeWorker.Start();

        var hello = (await worker.RequestAsync("hello", null, [], Limit)).Result;

        (Text(hello, "protocol"), Text(hello, "binding"), Text(hello, "version")).Should().Be(("1.0", OnnxRuntimeNodeWorker.Binding, "1.30.0"));
        (Text(hello, "framework"), Text(hello, "language"), hello["default"]!.GetValue<bool>()).Should().Be(("onnx", "javascript", false));
        (Text(hello, "engine"), Text(hello, "engine_version")).Should().Be(("onnxruntime", "1.30.0"));
        Texts(hello, "devices").Should().Equal(Device.Cpu);
        hello["absent_devices"]![Device.Cuda]!.GetValue<string>().Should().Contain("CUDA execution provider");
        (hello["can_train"]!.GetValue<bool>(), hello["training_step"]!.GetValue<bool>()).Should().Be((false, false));
        (Texts(hello, "load_formats"), Texts(hello, "activation_formats"), Texts(hello, "save_formats")).Should().BeEquivalentTo((new[] { "onnx" }, new[] { "onnx" }, Array.Empty<string>()));
        Texts(hello, "models").Should().Equal(ModelZoo.Names);
    }

    [OnnxRuntimeNodeFact]
    public async Task Evaluates_Pythons_onnx_exports_with_their_recorded_correct_count_as_the_CSharp_binding_does()
    {
        var golden = GoldenModels.WrittenBy("pytorch-python", ModelFormat.Onnx);
        golden.Should().HaveCount(2, "LeNet-1 and LeNet-5");
        await using var worker = OnnxRuntimeNodeWorker.Start();
        await using var csharp = new OnnxRuntimeOracle(threads: 1);

        foreach (var fixture in golden)
        {
            var node = WorkerMessages.ToEvaluateResult(await worker.RequestAsync("evaluate", WorkerMessages.EvaluateArgs(fixture.Evaluate(passes: 3)), [], Limit));
            var dotnet = await csharp.EvaluateAsync(fixture.Evaluate(passes: 1));

            node.CorrectPerPass.Should().Equal([fixture.Correct, fixture.Correct, fixture.Correct], fixture.ToString());
            node.PassSeconds.Should().HaveCount(3).And.OnlyContain(s => s > 0);
            MaxDifference(node.Logits, fixture.ExpectedLogits).Should().BeLessThanOrEqualTo(fixture.LogitTolerance, fixture.ToString());
            node.PassLogits.Should().AllSatisfy(pass => pass.Should().Equal(node.Logits), "evaluation is deterministic");
            // ONNX Runtime 1.30 in Node and 1.31.1 in C#, the same graph optimisations and batches of 1,000: the same CPU kernels.
            var difference = MaxDifference(node.Logits, dotnet.Logits);
            output.WriteLine($"{fixture}: max |Node logits - C# logits| = {difference:R}, against the recorded logits {MaxDifference(node.Logits, fixture.ExpectedLogits):R}");
            difference.Should().BeLessThanOrEqualTo(1e-6, fixture.ToString());
        }
    }

    [OnnxRuntimeNodeFact]
    public async Task Its_activations_are_the_output_alone_equal_to_evaluations_logits()
    {
        var fixture = GoldenModels.WrittenBy("pytorch-python", ModelFormat.Onnx)[0];
        var batch = SafetensorsReader.Read(GoldenModels.Batch.Path);
        var request = new ActivationsRequest(fixture.Spec, ModelFormat.Onnx, fixture.Path, batch["test_x"], Device.Cpu);
        await using var worker = OnnxRuntimeNodeWorker.Start();

        var activations = WorkerMessages.ToActivationsResult(
            await worker.RequestAsync("activations", WorkerMessages.ActivationsArgs(request), WorkerMessages.ActivationsTensors(request), Limit), request);
        var evaluation = WorkerMessages.ToEvaluateResult(await worker.RequestAsync("evaluate", WorkerMessages.EvaluateArgs(fixture.Evaluate(passes: 1)), [], Limit));

        activations.IsOutputOnly.Should().BeTrue();
        activations.Logits.ToFloats().Should().Equal(evaluation.Logits);
    }

    [OnnxRuntimeNodeFact]
    public async Task A_request_it_cannot_serve_is_one_line_naming_the_cause_and_the_worker_serves_the_next()
    {
        var fixture = GoldenModels.WrittenBy("pytorch-python", ModelFormat.Onnx)[0];
        var notOnnx = GoldenModels.Batch.Path;
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.onnx");
        await using var worker = OnnxRuntimeNodeWorker.Start();

        (string Op, JsonObject Args, NamedTensor[] Tensors, string Expected)[] requests =
        [
            ("evaluate", Evaluate(fixture with { Path = missing }), [], $"ONNX model not found: {missing}"),
            ("evaluate", Evaluate(fixture with { Path = notOnnx }), [], $"ONNX Runtime cannot load {notOnnx}"),
            ("evaluate", Evaluate(fixture with { Format = "safetensors" }), [], "onnxruntime-node cannot load safetensors files (onnx only)"),
            ("activations", WorkerMessages.ActivationsArgs(new ActivationsRequest(fixture.Spec, ModelFormat.Onnx, fixture.Path, NamedTensor.FromFloats("x", new float[6], 2, 3), Device.Cpu)),
                [NamedTensor.FromFloats("x", new float[6], 2, 3)], "activations input x is F32 [2, 3]; model LeNet1 needs F32 [n >= 1, 1, 28, 28]"),
            ("train", new JsonObject(), [], "unknown op 'train'"),
        ];
        foreach (var (op, args, tensors, expected) in requests)
        {
            var request = () => worker.RequestAsync(op, args, tensors, Limit);

            (await request.Should().ThrowAsync<OracleException>(op)).Which.Message.Should().Contain(expected).And.NotContain("    at ", "the stack stays on stderr");
        }
        worker.IsRunning.Should().BeTrue();
        (await worker.RequestAsync("hello", null, [], Limit)).Result["binding"]!.GetValue<string>().Should().Be(OnnxRuntimeNodeWorker.Binding);
    }

    private static JsonObject Evaluate(GoldenModel fixture) => WorkerMessages.EvaluateArgs(fixture.Evaluate(passes: 1));

    private static double MaxDifference(float[] actual, float[] expected)
    {
        actual.Should().HaveSameCount(expected);
        return actual.Zip(expected, (a, e) => Math.Abs((double)a - e)).Max();
    }

    private static string Text(JsonObject hello, string key) => hello[key]!.GetValue<string>();

    private static string[] Texts(JsonObject hello, string key) => hello[key]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
}
