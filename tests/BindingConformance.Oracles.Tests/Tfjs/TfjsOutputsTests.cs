using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace BindingConformance.Oracles.Tests.Tfjs;

/// <summary>
/// What TensorFlow.js reports for strong verdicts, on a tiny real run (64 MNIST digits, 1 epoch: a few
/// seconds of pure-JS training): every step's loss, the trained model's own test logits, every pass's logits.
/// </summary>
public sealed class TfjsOutputsTests(TfjsWorkerFixture fixture, ITestOutputHelper output) : IClassFixture<TfjsWorkerFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tfjs-outputs-").FullName;

    [TfjsFact]
    public async Task A_tiny_run_reports_every_step_loss_and_its_saved_files_reproduce_its_final_test_logits_on_every_pass()
    {
        var spec = ModelZoo.Get(ModelZoo.LeNet1);
        var data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 64, testCount: 50);
        // Batches of 24: 24, 24 and a short last batch of 16.
        var settings = new TrainingSettings(Epochs: 1, BatchSize: 24);
        var layersPath = Path.Combine(folder, "lenet1_tfjs");
        var safetensorsPath = Path.Combine(folder, "lenet1.safetensors");

        var trained = await fixture.Oracle.TrainAsync(new TrainRequest(
            spec, data, Seed: 9, settings, Device.Cpu, BatchOrder.Create(9, data.TrainCount, settings.Epochs),
            [new ModelExport(ModelFormat.TfjsLayers, layersPath), new ModelExport(ModelFormat.Safetensors, safetensorsPath)]));
        var layers = await fixture.Oracle.EvaluateAsync(new EvaluateRequest(spec, data, ModelFormat.TfjsLayers, layersPath, Device.Cpu, Passes: 3));
        var safetensors = await fixture.Oracle.EvaluateAsync(new EvaluateRequest(spec, data, ModelFormat.Safetensors, safetensorsPath, Device.Cpu, Passes: 3));

        trained.StepLosses.Should().HaveCount(3).And.OnlyContain(loss => double.IsFinite(loss) && loss > 0);
        output.WriteLine($"tfjs step losses: {string.Join(", ", trained.StepLosses)}");
        trained.FinalTestLogits.Should().HaveCount(data.TestCount * spec.Classes);
        foreach (var (format, result) in new[] { (ModelFormat.TfjsLayers, layers), (ModelFormat.Safetensors, safetensors) })
        {
            result.PassLogits.Should().HaveCount(3);
            var difference = result.PassLogits.Max(pass => pass.Zip(trained.FinalTestLogits!, (a, b) => Math.Abs((double)a - b)).Max());
            output.WriteLine($"tfjs {format}: max |pass logits - final test logits| = {difference:R}");
            // The same cpu kernels on the same float32 weights in the same batches: nothing may move.
            difference.Should().Be(0);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
