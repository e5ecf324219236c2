using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Tfjs;

/// <summary>
/// Cross-framework weight transfer through safetensors in PyTorch layout: a model trained in a PyTorch
/// binding and loaded into TensorFlow.js (and back) makes the same test predictions, with logits within
/// 1e-4 (float32 kernels of two frameworks sum in different orders; measured differences are ~1e-7).
/// </summary>
public sealed class TfjsWeightTransferTests(TfjsWorkerFixture fixture) : IClassFixture<TfjsWorkerFixture>, IDisposable
{
    private const string TorchSharpSource = "torchsharp";
    private const string PythonSource = "pytorch-python";
    private const int Seed = 11;
    private const double LogitTolerance = 1e-4;
    private readonly string folder = Directory.CreateTempSubdirectory("tfjs-transfer-").FullName;
    private readonly DatasetRef data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 800, testCount: 500);

    [TfjsTheory]
    [InlineData(TorchSharpSource, ModelZoo.LeNet1)]
    [InlineData(TorchSharpSource, ModelZoo.LeNet5)]
    [InlineData(PythonSource, ModelZoo.LeNet1)]
    [InlineData(PythonSource, ModelZoo.LeNet5)]
    public async Task Weights_trained_in_a_pytorch_binding_give_the_same_predictions_in_tfjs(string source, string model)
    {
        await using var trainer = PyTorchBinding(source);
        var spec = ModelZoo.Get(model);
        var path = Path.Combine(folder, $"{model}.safetensors");
        await trainer.TrainAsync(Train(spec, path));

        var reference = await trainer.EvaluateAsync(Evaluate(spec, path));
        reference.Logits.Should().OnlyContain(l => float.IsFinite(l), $"{source} must have trained finite weights before they can be compared");
        var moved = await fixture.Oracle.EvaluateAsync(Evaluate(spec, path));

        moved.CorrectPerPass.Should().Equal(reference.CorrectPerPass);
        MaxAbsDifference(moved.Logits, reference.Logits).Should().BeLessThan(LogitTolerance);
    }

    [TfjsTheory]
    [InlineData(TorchSharpSource)]
    [InlineData(PythonSource)]
    public async Task LeNet1_trained_in_tfjs_gives_the_same_predictions_in_a_pytorch_binding(string target)
    {
        await using var loader = PyTorchBinding(target);
        var spec = ModelZoo.Get(ModelZoo.LeNet1);
        var path = Path.Combine(folder, "lenet1_tfjs.safetensors");
        await fixture.Oracle.TrainAsync(Train(spec, path));

        var reference = await fixture.Oracle.EvaluateAsync(Evaluate(spec, path));
        var moved = await loader.EvaluateAsync(Evaluate(spec, path));

        moved.CorrectPerPass.Should().Equal(reference.CorrectPerPass);
        MaxAbsDifference(moved.Logits, reference.Logits).Should().BeLessThan(LogitTolerance);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // One epoch of 800 digits: 25 SGD steps, enough to move every weight away from its initial value.
    private TrainRequest Train(ModelSpec spec, string safetensorsPath) => new(
        spec, data, Seed, new TrainingSettings(Epochs: 1, BatchSize: 32), Device.Cpu, BatchOrder.Create(Seed, data.TrainCount, 1),
        [new ModelExport(ModelFormat.Safetensors, safetensorsPath)]);

    // Single-threaded TorchSharp, as the other oracle tests use (libtorch gave intermittent NaN conv gradients with 2 threads).
    private static IBindingOracle PyTorchBinding(string id) => id switch
    {
        TorchSharpSource => new TorchSharpOracle(threads: 1),
        PythonSource => ShippedWorkers.Python(),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "not a PyTorch binding of these tests"),
    };

    private EvaluateRequest Evaluate(ModelSpec spec, string path) => new(spec, data, ModelFormat.Safetensors, path, Device.Cpu, Passes: 2);

    private static double MaxAbsDifference(float[] a, float[] b)
    {
        a.Should().HaveSameCount(b);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }
}
