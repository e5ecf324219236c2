using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.TorchSharp;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using Xunit;

namespace BindingConformance.Oracles.Tests.StateDicts;

/// <summary>
/// A small CNN with batch norm and dropout (batch norm's running statistics and its 0-dimensional step counter cross with the
/// weights) trained once by Python PyTorch and once by TorchSharp (1 epoch of 640 real MNIST digits), each saved as
/// <c>torch.save(model.state_dict())</c>.
/// </summary>
public sealed class StateDictModels : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("state-dicts-").FullName;

    public WorkerOracle Python { get; } = ShippedWorkers.Python(threads: 1);

    public TorchSharpOracle TorchSharp { get; } = new(threads: 1);

    public ModelSpec Model { get; } = new("StateDictCnn", DatasetNames.Mnist, [1, 28, 28], 10,
    [
        Layers.Conv2d("conv1", 1, 4, 3, padding: 1), Layers.BatchNorm2d("bn1", 4), Layers.Relu("relu1"), Layers.MaxPool2d("pool1", 2),
        Layers.Dropout("drop1", 0.25), Layers.Flatten("flatten"), Layers.Linear("fc", 4 * 14 * 14, 10),
    ], new OptimizerSpec("sgd", 0.05, Momentum: 0.9));

    public DatasetRef Data { get; } = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 640, testCount: 200);

    public TrainResult PythonResult { get; private set; } = null!;

    public TrainResult TorchSharpResult { get; private set; } = null!;

    public string Folder => folder;

    public string PathOf(IBindingOracle oracle) => Path.Combine(folder, $"{oracle.Binding.Id}.pt");

    public async Task InitializeAsync()
    {
        PythonResult = await Train(Python);
        TorchSharpResult = await Train(TorchSharp);
    }

    public async Task DisposeAsync()
    {
        await Python.DisposeAsync();
        await TorchSharp.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    public EvaluateRequest Evaluate(string path) => new(Model, Data, ModelFormat.PytorchStateDict, path, Device.Cpu);

    private Task<TrainResult> Train(IBindingOracle oracle) =>
        oracle.TrainAsync(new TrainRequest(Model, Data, Seed: 4, new TrainingSettings(Epochs: 1, BatchSize: 32), Device.Cpu,
            BatchOrder.Create(4, Data.TrainCount, 1), [new ModelExport(ModelFormat.PytorchStateDict, PathOf(oracle))]));
}
