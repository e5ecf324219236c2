using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Oracles.Tests.Tfjs;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace BindingConformance.Oracles.Tests.Activations;

/// <summary>
/// <see cref="IBindingOracle.ActivationsAsync"/> for real: Python PyTorch, TorchSharp and TensorFlow.js run the same
/// safetensors weights on the same real batch and must agree layer by layer, end in the logits evaluation gives, and
/// refuse bad requests with one line.
/// </summary>
public sealed class ActivationsTests(ActivationModels models, ITestOutputHelper output) : IClassFixture<ActivationModels>
{
    /// <summary>float32 kernels of different libraries differ by rounding: |a − b| ≤ this × max(1, |a|, |b|).</summary>
    private const double RelativeTolerance = 1e-4;

    [Theory]
    [InlineData(ModelZoo.LeNet1)]
    [InlineData(ModelZoo.Lstm)]
    public async Task Python_and_TorchSharp_agree_layer_by_layer_in_spec_names_and_PyTorch_shapes(string model)
    {
        var request = models.Request(model);

        var python = await models.Python.ActivationsAsync(request);
        var torchSharp = await models.TorchSharp.ActivationsAsync(request);

        python.Layers.Select(l => l.Name).Should().Equal(request.Model.Layers.Select(l => l.Name));
        python.Layers.Select(l => l.Shape[0]).Should().OnlyContain(n => n == 32);
        python.Logits.Shape.Should().Equal(32, request.Model.Classes);
        if (model == ModelZoo.LeNet1) python.Layers[0].Shape.Should().Equal(32, 4, 24, 24); // conv1, NCHW
        AssertAgree(python, torchSharp, "python", "torchsharp");
    }

    [TfjsTheory]
    [InlineData(ModelZoo.LeNet1)]
    [InlineData(ModelZoo.Lstm)]
    public async Task TensorFlow_js_agrees_with_Python_layer_by_layer_in_PyTorch_layout(string model)
    {
        var request = models.Request(model);

        var python = await models.Python.ActivationsAsync(request);
        var tfjs = await models.Tfjs.ActivationsAsync(request);

        AssertAgree(python, tfjs, "python", "tfjs");
    }

    [Theory]
    [InlineData(ModelZoo.LeNet1, "python")]
    [InlineData(ModelZoo.LeNet1, "torchsharp")]
    [InlineData(ModelZoo.Lstm, "python")]
    [InlineData(ModelZoo.Lstm, "torchsharp")]
    public Task The_last_layer_is_what_evaluation_gives_for_the_same_inputs(string model, string binding) =>
        LastLayerIsEvaluationLogits(model, binding);

    [TfjsTheory]
    [InlineData(ModelZoo.LeNet1)]
    [InlineData(ModelZoo.Lstm)]
    public Task The_last_tfjs_layer_is_what_tfjs_evaluation_gives_for_the_same_inputs(string model) =>
        LastLayerIsEvaluationLogits(model, "tfjs");

    private async Task LastLayerIsEvaluationLogits(string model, string binding)
    {
        var oracle = OracleOf(binding);
        var request = models.Request(model);

        var activations = await oracle.ActivationsAsync(request);
        var evaluation = await oracle.EvaluateAsync(new EvaluateRequest(request.Model, ActivationModels.DataOf(model), ModelFormat.Safetensors, request.Path, Device.Cpu, Passes: 1));

        var difference = MaxAbsDifference(activations.Logits.ToFloats(), evaluation.Logits);
        output.WriteLine($"{binding} {model}: max |last activation - evaluation logits| = {difference:R}");
        difference.Should().BeLessThanOrEqualTo(1e-6, "both run the same loaded weights on the same batch of 32");
    }

    [TfjsFact]
    public async Task A_tfjs_layers_model_reports_the_spec_layers_like_its_safetensors_export_in_both_families()
    {
        // Trained here, not in the fixture, so that the other tests run where tfjs is absent (32 digits take a second).
        var spec = ModelZoo.Get(ModelZoo.LeNet1);
        var data = ActivationModels.DataOf(ModelZoo.LeNet1);
        var layers = Path.Combine(models.Folder, "tfjs-layers");
        var weights = Path.Combine(models.Folder, "tfjs.safetensors");
        await models.Tfjs.TrainAsync(new TrainRequest(spec, data, Seed: 3, new TrainingSettings(Epochs: 1, BatchSize: 32), Device.Cpu,
            BatchOrder.Create(3, data.TrainCount, 1), [new ModelExport(ModelFormat.TfjsLayers, layers), new ModelExport(ModelFormat.Safetensors, weights)]));
        var inputs = ActivationModels.InputsOf(ModelZoo.LeNet1);

        var fromLayers = await models.Tfjs.ActivationsAsync(new ActivationsRequest(spec, ModelFormat.TfjsLayers, layers, inputs, Device.Cpu));
        var fromWeights = await models.Python.ActivationsAsync(new ActivationsRequest(spec, ModelFormat.Safetensors, weights, inputs, Device.Cpu));

        AssertAgree(fromWeights, fromLayers, "python (tfjs's safetensors)", "tfjs (tfjs_layers)");
    }

    [Fact]
    public async Task A_traced_archive_whose_children_are_the_spec_layers_reports_every_layer_in_Python()
    {
        var weights = await models.Python.ActivationsAsync(models.Request(ModelZoo.Lstm));
        var traced = await models.Python.ActivationsAsync(models.Request(ModelZoo.Lstm, ModelFormat.TorchScriptTraced));

        AssertAgree(weights, traced, "safetensors", "traced archive");
    }

    [Fact]
    public async Task Opaque_graphs_give_their_output_alone_and_it_is_the_logits()
    {
        var weights = await models.Python.ActivationsAsync(models.Request(ModelZoo.LeNet1));
        var archive = await models.TorchSharp.ActivationsAsync(models.Request(ModelZoo.LeNet1, ModelFormat.TorchScriptTraced));
        var onnx = await models.OnnxRuntime.ActivationsAsync(models.Request(ModelZoo.LeNet1, ModelFormat.Onnx));

        foreach (var (name, result) in new[] { ("torchsharp traced archive", archive), ("onnxruntime", onnx) })
        {
            result.IsOutputOnly.Should().BeTrue(name);
            result.Logits.Name.Should().Be(ActivationsResult.OutputOnly);
            var difference = MaxRelativeDifference(weights.Logits.ToFloats(), result.Logits.ToFloats());
            output.WriteLine($"{name}: max relative difference to python's last layer {difference:R}");
            difference.Should().BeLessThanOrEqualTo(RelativeTolerance, name);
        }
    }

    [Theory]
    [InlineData("python", "wrong shape", "needs F32 [n ≥ 1, 1, 28, 28]")]
    [InlineData("torchsharp", "wrong shape", "needs F32 [n ≥ 1, 1, 28, 28]")]
    [InlineData("python", "missing file", "not found")]
    [InlineData("torchsharp", "missing file", "not found")]
    [InlineData("python", "unknown format", "cannot report activations of Onnx files")]
    [InlineData("torchsharp", "unknown format", "cannot report activations of Onnx files")]
    public Task A_bad_request_fails_with_one_line_naming_the_cause(string binding, string fault, string cause) =>
        FailsWithOneLine(binding, fault, cause);

    [TfjsTheory]
    [InlineData("wrong shape", "needs F32 [n ≥ 1, 1, 28, 28]")]
    [InlineData("missing file", "not found")]
    [InlineData("unknown format", "cannot report activations of Onnx files")]
    public Task A_bad_tfjs_request_fails_with_one_line_naming_the_cause(string fault, string cause) =>
        FailsWithOneLine("tfjs", fault, cause);

    private async Task FailsWithOneLine(string binding, string fault, string cause)
    {
        var oracle = OracleOf(binding);
        var request = models.Request(ModelZoo.LeNet1);
        request = fault switch
        {
            "wrong shape" => request with { Inputs = NamedTensor.FromFloats("x", new float[2 * 28 * 28], 2, 28, 28) },
            "missing file" => request with { Path = Path.Combine(models.Folder, "absent.safetensors") },
            _ => request with { Format = ModelFormat.Onnx, Path = models.PathOf(ModelZoo.LeNet1, ModelFormat.Onnx) },
        };

        var failure = await oracle.Invoking(o => o.ActivationsAsync(request)).Should().ThrowAsync<OracleException>();

        failure.Which.Message.Should().Contain(cause).And.NotContain("\n");
        output.WriteLine($"{binding}, {fault}: {failure.Which.Message}");
    }

    [Fact]
    public async Task A_token_model_refuses_float_inputs()
    {
        var request = models.Request(ModelZoo.Lstm);
        var floats = request with { Inputs = NamedTensor.FromFloats("x", new float[32 * TextVocabulary.MaxLength], 32, TextVocabulary.MaxLength) };

        var failure = await models.TorchSharp.Invoking(o => o.ActivationsAsync(floats)).Should().ThrowAsync<OracleException>();

        failure.Which.Message.Should().Be($"activations inputs are F32 [32, {TextVocabulary.MaxLength}]; model LSTM needs I64 [n ≥ 1, {TextVocabulary.MaxLength}]");
    }

    [Fact]
    public async Task The_Python_worker_checks_the_batch_itself()
    {
        await using var worker = ShippedWorkers.StartWorker(ShippedWorkers.PythonId);
        await WorkerRefusesFloatTokens(worker);
    }

    [TfjsFact]
    public async Task The_tfjs_worker_checks_the_batch_itself()
    {
        await using var worker = ShippedWorkers.StartWorker(ShippedWorkers.TfjsId);
        await WorkerRefusesFloatTokens(worker);
    }

    [TfjsFact]
    public async Task The_tfjs_worker_leaves_no_tensors_behind()
    {
        await using var worker = ShippedWorkers.StartWorker(ShippedWorkers.TfjsId);
        var timeout = RequestDeadline.Fixed(TimeSpan.FromMinutes(2));
        var request = models.Request(ModelZoo.LeNet1);
        var before = (await worker.RequestAsync("hello", null, [], timeout)).Result["live_tensors"]!.GetValue<int>();

        await worker.RequestAsync("activations", WorkerMessages.ActivationsArgs(request), WorkerMessages.ActivationsTensors(request), timeout);
        var after = (await worker.RequestAsync("hello", null, [], timeout)).Result["live_tensors"]!.GetValue<int>();

        after.Should().Be(before, "the model, its every-layer view, the input and the outputs are all disposed");
    }

    /// <summary>Asked through the protocol directly, past the oracle's own check: a worker does not trust its host.</summary>
    private async Task WorkerRefusesFloatTokens(WorkerProcess worker)
    {
        var request = models.Request(ModelZoo.Lstm);
        var floats = request with { Inputs = NamedTensor.FromFloats("x", new float[32 * TextVocabulary.MaxLength], 32, TextVocabulary.MaxLength) };

        var failure = await worker.Invoking(w => w.RequestAsync("activations", WorkerMessages.ActivationsArgs(floats), WorkerMessages.ActivationsTensors(floats),
            RequestDeadline.Fixed(TimeSpan.FromMinutes(2)))).Should().ThrowAsync<OracleException>();

        failure.Which.Message.Should().Contain($"activations input x is F32 [32, {TextVocabulary.MaxLength}]; model LSTM needs I64 [n >= 1, {TextVocabulary.MaxLength}]");
    }

    [Fact]
    public async Task Activation_swap_changes_the_activations_from_the_first_tanh_layer_on_not_before()
    {
        var request = models.Request(ModelZoo.LeNet1);
        await using var mutant = MutantOracle.Around(models.Python, MutantCatalog.Get("activation-swap"), Path.Combine(models.Folder, "mutant"));

        var real = await models.Python.ActivationsAsync(request);
        var swapped = await mutant.ActivationsAsync(request);

        swapped.Layers.Select(l => l.Name).Should().Equal(real.Layers.Select(l => l.Name));
        var firstTanh = request.Model.Layers.ToList().FindIndex(l => l.Kind == LayerKind.Tanh);
        for (var i = 0; i < real.Layers.Count; i++)
        {
            var difference = MaxAbsDifference(real.Layers[i].ToFloats(), swapped.Layers[i].ToFloats());
            output.WriteLine($"{real.Layers[i].Name}: max |real - mutant| = {difference:R}");
            if (i < firstTanh) difference.Should().Be(0, $"{real.Layers[i].Name} comes before the first tanh");
            else difference.Should().BeGreaterThan(1e-3, $"{real.Layers[i].Name} is at or after the first tanh");
        }
    }

    private IBindingOracle OracleOf(string binding) => binding switch
    {
        "python" => models.Python,
        "torchsharp" => models.TorchSharp,
        _ => models.Tfjs,
    };

    private void AssertAgree(ActivationsResult expected, ActivationsResult actual, string expectedName, string actualName)
    {
        actual.Layers.Select(l => l.Name).Should().Equal(expected.Layers.Select(l => l.Name));
        foreach (var (e, a) in expected.Layers.Zip(actual.Layers))
        {
            a.Shape.Should().Equal(e.Shape, $"{actualName}'s {a.Name} has PyTorch's layout");
            var difference = MaxRelativeDifference(e.ToFloats(), a.ToFloats());
            output.WriteLine($"{e.Name} [{string.Join(", ", e.Shape)}]: max relative |{expectedName} - {actualName}| = {difference:R}");
            difference.Should().BeLessThanOrEqualTo(RelativeTolerance, $"{e.Name} must agree to float32 rounding");
        }
    }

    private static double MaxAbsDifference(float[] a, float[] b)
    {
        a.Should().HaveSameCount(b);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).DefaultIfEmpty(0).Max();
    }

    private static double MaxRelativeDifference(float[] a, float[] b)
    {
        a.Should().HaveSameCount(b);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y) / Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)))).DefaultIfEmpty(0).Max();
    }
}
