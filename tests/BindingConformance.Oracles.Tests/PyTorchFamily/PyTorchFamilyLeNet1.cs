using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using BindingConformance.Oracles.TorchSharp;
using Xunit;

namespace BindingConformance.Oracles.Tests.PyTorchFamily;

/// <summary>
/// LeNet-1 trained once by Python PyTorch and once by TorchSharp with the same seed and batch order (1 epoch
/// of 320 real MNIST digits in batches of 32: 10 SGD steps), each exported as safetensors and TorchSharp files.
/// Both single-threaded, so that thread scheduling cannot reorder a reduction (see TorchSharpOracle's threads).
/// </summary>
public sealed class PyTorchFamilyLeNet1 : IAsyncLifetime
{
    public const int Steps = 10;

    private readonly string folder = Directory.CreateTempSubdirectory("pytorch-family-lenet1-").FullName;

    public WorkerOracle Python { get; } = ShippedWorkers.Python(threads: 1);

    public TorchSharpOracle TorchSharp { get; } = new(threads: 1);

    public ModelSpec Model { get; } = ModelZoo.Get(ModelZoo.LeNet1);

    public DatasetRef Data { get; } = DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 320, testCount: 100);

    public TrainResult PythonResult { get; private set; } = null!;

    public TrainResult TorchSharpResult { get; private set; } = null!;

    public string PathOf(IBindingOracle oracle, ModelFormat format) => Path.Combine(folder, $"{oracle.Binding.Id}.{format}");

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

    public EvaluateRequest Evaluate(IBindingOracle saver, ModelFormat format, int passes) =>
        new(Model, Data, format, PathOf(saver, format), Device.Cpu, passes);

    private Task<TrainResult> Train(IBindingOracle oracle) =>
        oracle.TrainAsync(new TrainRequest(Model, Data, Seed: 3, new TrainingSettings(Epochs: 1, BatchSize: 32), Device.Cpu,
            BatchOrder.Create(3, Data.TrainCount, 1),
            [new ModelExport(ModelFormat.Safetensors, PathOf(oracle, ModelFormat.Safetensors)), new ModelExport(ModelFormat.TorchSharp, PathOf(oracle, ModelFormat.TorchSharp))]));
}
