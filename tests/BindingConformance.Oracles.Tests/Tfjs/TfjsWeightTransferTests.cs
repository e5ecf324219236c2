using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.PythonTorch;
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
    private const int Seed = 11;
    private const double LogitTolerance = 1e-4;
    private readonly string folder = Directory.CreateTempSubdirectory("tfjs-transfer-").FullName;
    private readonly DatasetRef data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 800, testCount: 500);

    [TfjsTheory]
    [InlineData(ModelZoo.LeNet1)]
    [InlineData(ModelZoo.LeNet5)]
    public async Task Weights_trained_in_python_pytorch_give_the_same_predictions_in_tfjs(string model)
    {
        await using var python = new PythonTorchOracle();
        var spec = ModelZoo.Get(model);
        var path = Path.Combine(folder, $"{model}.safetensors");
        await python.TrainAsync(Train(spec, 1, path));

        var reference = await python.EvaluateAsync(Evaluate(spec, path));
        var moved = await fixture.Oracle.EvaluateAsync(Evaluate(spec, path));

        moved.CorrectPerPass.Should().Equal(reference.CorrectPerPass);
        MaxAbsDifference(moved.Logits, reference.Logits).Should().BeLessThan(LogitTolerance);
    }

    [TfjsFact]
    public async Task LeNet1_trained_in_tfjs_gives_the_same_predictions_in_python_pytorch()
    {
        await using var python = new PythonTorchOracle();
        var spec = ModelZoo.Get(ModelZoo.LeNet1);
        var path = Path.Combine(folder, "lenet1_tfjs.safetensors");
        // One short epoch: the point is trained (not initial) weights crossing over, not accuracy.
        await fixture.Oracle.TrainAsync(Train(spec, 1, path));

        var reference = await fixture.Oracle.EvaluateAsync(Evaluate(spec, path));
        var moved = await python.EvaluateAsync(Evaluate(spec, path));

        moved.CorrectPerPass.Should().Equal(reference.CorrectPerPass);
        MaxAbsDifference(moved.Logits, reference.Logits).Should().BeLessThan(LogitTolerance);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private TrainRequest Train(ModelSpec spec, int epochs, string safetensorsPath) => new(
        spec, data, Seed, new TrainingSettings(epochs, BatchSize: 32), Device.Cpu, BatchOrder.Create(Seed, data.TrainCount, epochs),
        [new ModelExport(ModelFormat.Safetensors, safetensorsPath)]);

    private EvaluateRequest Evaluate(ModelSpec spec, string path) => new(spec, data, ModelFormat.Safetensors, path, Device.Cpu, Passes: 2);

    private static double MaxAbsDifference(float[] a, float[] b)
    {
        a.Should().HaveSameCount(b);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }
}
