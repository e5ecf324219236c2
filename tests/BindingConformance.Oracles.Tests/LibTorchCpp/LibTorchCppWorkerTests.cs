using System.Text.Json.Nodes;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Tests.Formats;
using BindingConformance.Oracles.Tests.Workers;
using BindingConformance.Oracles.Workers;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.LibTorchCpp;

/// <summary>
/// The libtorch C++ worker through the protocol, for real (until the generic worker oracle serves it from a manifest):
/// what hello declares, the golden files it evaluates, failures that keep it serving, and that it trains, steps and runs
/// layers exactly as Python 1.13 does, since both drive the same libtorch 1.13 library.
/// </summary>
public sealed class LibTorchCppWorkerTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly string folder = Directory.CreateTempSubdirectory("libtorch-cpp-").FullName;

    [LibTorchCppFact]
    public async Task Hello_declares_a_cpu_only_pytorch_binding_in_cpp_on_libtorch_1_13_that_builds_every_zoo_layer()
    {
        await using var worker = LibTorchCppWorker.Start();

        var hello = (await worker.RequestAsync("hello", null, [], Limit)).Result;

        Text(hello, "protocol").Should().Be("1.0");
        Text(hello, "binding").Should().Be(LibTorchCppWorker.Binding);
        (Text(hello, "framework"), Text(hello, "language"), hello["default"]!.GetValue<bool>()).Should().Be(("pytorch", "cpp", false));
        (Text(hello, "engine"), Text(hello, "engine_version")).Should().Be(("libtorch", "1.13.0"));
        Texts(hello, "devices").Should().Equal(Device.Cpu);
        hello["absent_devices"]![Device.Cuda]!.GetValue<string>().Should().Contain("CPU-only build");
        (hello["can_train"]!.GetValue<bool>(), hello["training_step"]!.GetValue<bool>()).Should().Be((true, true));
        Texts(hello, "save_formats").Should().Equal("safetensors");
        Texts(hello, "load_formats").Should().Equal("safetensors", "torchscript_traced", "torchscript_scripted");
        Texts(hello, "layer_kinds").Should().Contain(ModelZoo.Names.SelectMany(m => ModelZoo.Get(m).Layers).Select(l => l.Kind).Distinct());
    }

    [LibTorchCppFact]
    public async Task Evaluates_every_golden_safetensors_and_torchscript_file_with_its_recorded_correct_count_and_logits()
    {
        var golden = new[] { "pytorch-python", "torchsharp", "tfjs" }
            .SelectMany(writer => GoldenModels.WrittenBy(writer, ModelFormat.Safetensors, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted))
            .ToArray();
        golden.Should().HaveCount(10, "Python's 3 formats, TorchSharp's and tfjs's safetensors, of LeNet-1 and LeNet-5");
        await using var worker = LibTorchCppWorker.Start();

        foreach (var fixture in golden)
        {
            var result = WorkerMessages.ToEvaluateResult(await worker.RequestAsync("evaluate", WorkerMessages.EvaluateArgs(fixture.Evaluate(passes: 2)), [], Limit));

            result.CorrectPerPass.Should().Equal([fixture.Correct, fixture.Correct], fixture.ToString());
            MaxDifference(result.Logits, fixture.ExpectedLogits).Should().BeLessThanOrEqualTo(fixture.LogitTolerance, fixture.ToString());
        }
    }

    [LibTorchCppFact]
    public async Task A_request_it_cannot_serve_is_one_line_naming_the_cause_and_the_worker_serves_the_next()
    {
        var lenet1 = GoldenModels.WrittenBy("pytorch-python", ModelFormat.Safetensors).First(f => f.Model == ModelZoo.LeNet1);
        var corrupt = Path.Combine(WeightFileCorpus.Folder, "overlapping-ranges.safetensors");
        var missing = Path.Combine(folder, "missing.safetensors");
        var batch = SafetensorsReader.Read(GoldenModels.Batch.Path);
        var wrongModel = new TrainingStepRequest(ModelZoo.Get(ModelZoo.LeNet5), lenet1.Path, batch["test_x"], batch["test_y"], Device.Cpu);
        await using var worker = LibTorchCppWorker.Start();

        (string Op, JsonObject Args, NamedTensor[] Tensors, string Expected)[] requests =
        [
            ("evaluate", Evaluate(lenet1 with { Path = missing }), [], $"safetensors file not found: {missing}"),
            ("evaluate", Evaluate(lenet1 with { Path = corrupt }), [], $"{corrupt}: tensor 'b' range [4, 8] overlaps the previous tensor"),
            ("evaluate", Evaluate(lenet1 with { Format = "onnx" }), [], "the libtorch-cpp worker cannot load format 'onnx'"),
            ("step", WorkerMessages.StepArgs(wrongModel), [.. WorkerMessages.StepTensors(wrongModel)], "weights do not match model LeNet5"),
            ("activations", WorkerMessages.ActivationsArgs(new ActivationsRequest(lenet1.Spec, ModelFormat.Safetensors, lenet1.Path, batch["test_x"], Device.Cpu)),
                [NamedTensor.FromFloats("x", new float[6], 2, 3)], "activations input x is F32 [2, 3]; model LeNet1 needs F32 [n >= 1, 1, 28, 28]"),
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
        (await worker.RequestAsync("hello", null, [], Limit)).Result["binding"]!.GetValue<string>().Should().Be(LibTorchCppWorker.Binding);
    }

    [LibTorchCppFact]
    public async Task Trains_LeNet1_step_for_step_as_Python_1_13_does_and_its_saved_weights_are_Pythons()
    {
        var spec = ModelZoo.Get(ModelZoo.LeNet1);
        var data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 64, testCount: 50);
        // Two epochs of batches of 24: 24, 24 and a short last batch of 16 each, six SGD steps with momentum.
        var settings = new TrainingSettings(Epochs: 2, BatchSize: 24);
        TrainRequest Request(string binding) => new(spec, data, Seed: 9, settings, Device.Cpu, BatchOrder.Create(9, data.TrainCount, settings.Epochs),
            [new ModelExport(ModelFormat.Safetensors, Path.Combine(folder, $"{binding}.safetensors"))]);
        await using var cpp = LibTorchCppWorker.Start();
        await using var python = StartPython();

        var cppRun = await Train(cpp, Request("cpp"));
        var pythonRun = await Train(python, Request("python"));
        var ownFile = WorkerMessages.ToEvaluateResult(await cpp.RequestAsync("evaluate",
            WorkerMessages.EvaluateArgs(new EvaluateRequest(spec, data, ModelFormat.Safetensors, cppRun.Exports[0].Path, Device.Cpu, Passes: 2)), [], Limit));

        // The same library, seeded alike, initialises, steps and evaluates alike: nothing may differ, not even in the last bit.
        cppRun.StepLosses.Should().HaveCount(6).And.Equal(pythonRun.StepLosses);
        cppRun.TestAccuracy.Should().Equal(pythonRun.TestAccuracy);
        cppRun.FinalTestLogits.Should().Equal(pythonRun.FinalTestLogits);
        SameTensors(SafetensorsReader.Read(cppRun.Exports[0].Path).Tensors, SafetensorsReader.Read(pythonRun.Exports[0].Path).Tensors);
        ownFile.PassLogits.Should().AllSatisfy(pass => pass.Should().Equal(cppRun.FinalTestLogits));
    }

    [LibTorchCppFact]
    public async Task Its_identity_probe_step_and_layer_activations_equal_Pythons_on_the_golden_LeNet5()
    {
        var lenet5 = GoldenModels.WrittenBy("pytorch-python", ModelFormat.Safetensors, ModelFormat.TorchScriptTraced).Where(f => f.Model == ModelZoo.LeNet5).ToArray();
        var batch = SafetensorsReader.Read(GoldenModels.Batch.Path);
        var (x, y) = (batch["test_x"].FirstRows(32), batch["test_y"].FirstRows(32));
        var step = new TrainingStepRequest(lenet5[0].Spec, lenet5.Single(f => f.Format == "safetensors").Path, x, y, Device.Cpu, Seed: 3);
        await using var cpp = LibTorchCppWorker.Start();
        await using var python = StartPython();

        var steps = new List<TrainingStepResult>();
        foreach (var worker in new[] { cpp, python })
            steps.Add(WorkerMessages.ToStepResult(await worker.RequestAsync("step", WorkerMessages.StepArgs(step), WorkerMessages.StepTensors(step), Limit), step));

        (steps[0].Loss, steps[0].Logits).Should().BeEquivalentTo((steps[1].Loss, steps[1].Logits), o => o.WithStrictOrdering());
        SameTensors(steps[0].UpdatedWeights, steps[1].UpdatedWeights);
        foreach (var fixture in lenet5)
        {
            var request = new ActivationsRequest(fixture.Spec, fixture.FileFormat, fixture.Path, x, Device.Cpu);
            var layers = new List<ActivationsResult>();
            foreach (var worker in new[] { cpp, python })
                layers.Add(WorkerMessages.ToActivationsResult(await worker.RequestAsync("activations", WorkerMessages.ActivationsArgs(request), WorkerMessages.ActivationsTensors(request), Limit), request));

            layers[0].Layers.Select(l => l.Name).Should().Equal(fixture.Spec.Layers.Select(l => l.Name), $"{fixture}: a traced archive's children are the spec's modules");
            SameTensors(layers[0].Layers, layers[1].Layers);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static JsonObject Evaluate(GoldenModel fixture) => WorkerMessages.EvaluateArgs(fixture.Evaluate(passes: 1));

    private static async Task<TrainResult> Train(WorkerProcess worker, TrainRequest request) =>
        WorkerMessages.ToTrainResult(await worker.RequestAsync("train", WorkerMessages.TrainArgs(request), WorkerMessages.TrainTensors(request), RequestDeadline.For(request)), request);

    /// <summary>Python PyTorch's worker, single-threaded like the C++ one, so that both reduce in the same order.</summary>
    private static WorkerProcess StartPython() =>
        WorkerProcess.Start("pytorch-python", "/usr/bin/python3", [ProductPaths.WorkerScript("PythonTorch/pytorch_worker.py"), "--threads", "1"],
            new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" });

    private static void SameTensors(IReadOnlyList<NamedTensor> actual, IReadOnlyList<NamedTensor> expected)
    {
        actual.Select(t => t.Name).Should().Equal(expected.Select(t => t.Name));
        foreach (var (a, e) in actual.Zip(expected))
            (a.Dtype, a.Shape, a.Data).Should().BeEquivalentTo((e.Dtype, e.Shape, e.Data), o => o.WithStrictOrdering(), a.Name);
    }

    private static double MaxDifference(float[] actual, float[] expected)
    {
        actual.Should().HaveSameCount(expected);
        return actual.Zip(expected, (a, e) => Math.Abs((double)a - e)).Max();
    }

    private static string Text(JsonObject hello, string key) => hello[key]!.GetValue<string>();

    private static string[] Texts(JsonObject hello, string key) => hello[key]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
}
