using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using Xunit;

namespace BindingConformance.Tests.Runs;

/// <summary>
/// A LeNet-1 trained for one epoch by the real Python PyTorch binding on a small MNIST subset and saved as
/// safetensors and in TorchSharp's format, shared by the real-binding failure tests.
/// </summary>
public sealed class TrainedLeNet1 : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("runner-lenet1-").FullName;

    public WorkerOracle Python { get; } = ShippedWorkers.Python(threads: 1);

    public ModelSpec Model { get; } = ModelZoo.Get(ModelZoo.LeNet1);

    public DatasetRef Data { get; } = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 500, testCount: 200);

    public string PathOf(ModelFormat format) => Path.Combine(folder, $"lenet1.{format}");

    /// <summary>The folder of the trained files, removed with them.</summary>
    public string Folder => folder;

    /// <summary>A scratch path beside the trained files, removed with them.</summary>
    public string Scratch(string name) => Path.Combine(folder, name);

    public async Task InitializeAsync() =>
        await Python.TrainAsync(new TrainRequest(Model, Data, Seed: 1, new TrainingSettings(Epochs: 1, BatchSize: 32), Device.Cpu,
            BatchOrder.Create(1, Data.TrainCount, 1),
            [new ModelExport(ModelFormat.Safetensors, PathOf(ModelFormat.Safetensors)), new ModelExport(ModelFormat.TorchSharp, PathOf(ModelFormat.TorchSharp))]));

    public async Task DisposeAsync()
    {
        await Python.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    public EvaluateRequest Evaluate(ModelFormat format, string? path = null) => new(Model, Data, format, path ?? PathOf(format), Device.Cpu, Passes: 1);
}
