using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Tfjs;

/// <summary>
/// TensorFlow.js trains a zoo model on real MNIST digits, and what it saves loads back identically in
/// both formats and on both backends. Kept to 1,600 image-epochs: pure-JS training costs about 20 s
/// per 1,000 LeNet-1 image-epochs on this machine (the smoke tier's ≥ 0.90 check runs in the main job).
/// </summary>
public sealed class TfjsTrainingTests(TfjsWorkerFixture fixture) : IClassFixture<TfjsWorkerFixture>, IDisposable
{
    private const int Seed = 7;
    private readonly string folder = Directory.CreateTempSubdirectory("tfjs-training-").FullName;

    [TfjsFact]
    public async Task LeNet1_learns_and_its_exports_give_the_same_predictions_on_cpu_and_wasm()
    {
        var spec = ModelZoo.Get(ModelZoo.LeNet1);
        var data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 800, testCount: 500);
        var settings = new TrainingSettings(Epochs: 2, BatchSize: 32);
        var layersPath = Path.Combine(folder, "lenet1_tfjs");
        var safetensorsPath = Path.Combine(folder, "lenet1.safetensors");

        var trained = await fixture.Oracle.TrainAsync(new TrainRequest(
            spec, data, Seed, settings, Device.Cpu, BatchOrder.Create(Seed, data.TrainCount, settings.Epochs),
            [new ModelExport(ModelFormat.TfjsLayers, layersPath), new ModelExport(ModelFormat.Safetensors, safetensorsPath)]));

        trained.BindingVersion.Should().Be("4.22.0");
        trained.TrainAccuracy.Should().HaveCount(settings.Epochs);
        trained.TestAccuracy.Should().HaveCount(settings.Epochs).And.EndWith(trained.FinalTestAccuracy);
        trained.TrainingSeconds.Should().BePositive();
        // Guessing gives 0.1; 50 momentum-SGD steps must lift LeNet-1 far above it.
        trained.FinalTestAccuracy.Should().BeGreaterThan(0.5);
        File.Exists(Path.Combine(layersPath, "model.json")).Should().BeTrue();

        var layersCpu = await Evaluate(spec, data, ModelFormat.TfjsLayers, layersPath);
        var safetensorsCpu = await Evaluate(spec, data, ModelFormat.Safetensors, safetensorsPath);
        var layersWasm = await Evaluate(spec, data, ModelFormat.TfjsLayers, layersPath, "wasm");

        var expectedCorrect = (int)Math.Round(trained.FinalTestAccuracy * data.TestCount);
        foreach (var result in new[] { layersCpu, safetensorsCpu, layersWasm })
        {
            result.Count.Should().Be(data.TestCount);
            result.IsStable.Should().BeTrue();
            result.CorrectPerPass[0].Should().Be(expectedCorrect);
        }
        // The safetensors file is the same weights in PyTorch layout: converting back must be exact.
        safetensorsCpu.Logits.Should().Equal(layersCpu.Logits);
        // wasm runs different kernels (SIMD, other summation order): equal predictions, close logits.
        MaxAbsDifference(layersWasm.Logits, layersCpu.Logits).Should().BeLessThan(1e-4);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private Task<EvaluateResult> Evaluate(ModelSpec spec, DatasetRef data, ModelFormat format, string path, string? backend = null) =>
        fixture.Oracle.EvaluateAsync(new EvaluateRequest(spec, data, format, path, Device.Cpu, Passes: 2, Backend: backend));

    private static double MaxAbsDifference(float[] a, float[] b)
    {
        a.Should().HaveSameCount(b);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }
}
