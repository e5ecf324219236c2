using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using Xunit;

namespace BindingConformance.Oracles.Tests.PythonTorch;

/// <summary>
/// LeNet-5 trained once by the Python worker on a real MNIST subset (2 epochs × 4,000 digits, batch 32:
/// 250 SGD steps) and exported in every format it writes; shared by the tests that load those files.
/// </summary>
public sealed class TrainedLeNet5 : IAsyncLifetime
{
    public const int Epochs = 2;

    private readonly string folder = Directory.CreateTempSubdirectory("pytorch-lenet5-").FullName;

    public WorkerOracle Python { get; } = ShippedWorkers.Python(threads: 2);

    public ModelSpec Model { get; } = ModelZoo.Get(ModelZoo.LeNet5);

    public DatasetRef Data { get; } = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 4000, testCount: 1000);

    public TrainResult Result { get; private set; } = null!;

    public List<string> Progress { get; } = [];

    public string PathOf(ModelFormat format) => System.IO.Path.Combine(folder, $"lenet5.{format}");

    public async Task InitializeAsync()
    {
        Python.Progress += (_, message) => Progress.Add(message);
        ModelFormat[] formats = [ModelFormat.Safetensors, ModelFormat.TorchSharp, ModelFormat.TorchScriptTraced, ModelFormat.TorchScriptScripted, ModelFormat.Onnx];
        Result = await Python.TrainAsync(new TrainRequest(
            Model, Data, Seed: 1, new TrainingSettings(Epochs, BatchSize: 32), Device.Cpu,
            BatchOrder.Create(1, Data.TrainCount, Epochs),
            formats.Select(f => new ModelExport(f, PathOf(f))).ToArray()));
    }

    public async Task DisposeAsync()
    {
        await Python.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Correct test predictions of the trained model, from the accuracy the worker measured after the last epoch.</summary>
    public int FinalCorrect => (int)Math.Round(Result.FinalTestAccuracy * Data.TestCount);

    public EvaluateRequest Evaluate(ModelFormat format, string? path = null) =>
        new(Model, Data, format, path ?? PathOf(format), Device.Cpu);
}
