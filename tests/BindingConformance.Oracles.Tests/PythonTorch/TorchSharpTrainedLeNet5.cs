using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.TorchSharp;
using Xunit;

namespace BindingConformance.Oracles.Tests.PythonTorch;

/// <summary>LeNet-5 trained once by TorchSharp (1 epoch × 4,000 MNIST digits) and saved in the formats it writes.</summary>
public sealed class TorchSharpTrainedLeNet5 : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("torchsharp-lenet5-").FullName;

    public TrainResult Result { get; private set; } = null!;

    public string PathOf(ModelFormat format) => Path.Combine(folder, $"lenet5.{format}");

    public async Task InitializeAsync()
    {
        var data = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 4000, testCount: 1000);
        await using var torchSharp = new TorchSharpOracle();
        Result = await torchSharp.TrainAsync(new TrainRequest(
            ModelZoo.Get(ModelZoo.LeNet5), data, Seed: 2, new TrainingSettings(1, 32), Device.Cpu,
            BatchOrder.Create(2, data.TrainCount, 1),
            [new ModelExport(ModelFormat.Safetensors, PathOf(ModelFormat.Safetensors)), new ModelExport(ModelFormat.TorchSharp, PathOf(ModelFormat.TorchSharp))]));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }
}
