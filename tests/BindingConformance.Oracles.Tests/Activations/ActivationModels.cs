using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.OnnxRuntime;
using BindingConformance.Oracles.Workers;
using BindingConformance.Tests.Shared;
using BindingConformance.Oracles.TorchSharp;
using Xunit;

namespace BindingConformance.Oracles.Tests.Activations;

/// <summary>
/// Fixed weights, written once per test run: LeNet-1 (1 epoch of 32 MNIST digits) and the LSTM (1 epoch of 64 IMDb
/// reviews), trained by Python PyTorch with seed 3 and exported as safetensors, a traced TorchScript archive and ONNX;
/// each model's inputs are its test split (32 real examples). One oracle of each binding serves every test.
/// </summary>
public sealed class ActivationModels : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("activations-").FullName;

    public WorkerOracle Python { get; } = ShippedWorkers.Python(threads: 1);

    public TorchSharpOracle TorchSharp { get; } = new(threads: 1);

    public WorkerOracle Tfjs { get; } = ShippedWorkers.Tfjs();

    public OnnxRuntimeOracle OnnxRuntime { get; } = new(threads: 1);

    public string Folder => folder;

    public static DatasetRef DataOf(string model) => model == ModelZoo.LeNet1
        ? DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 32, testCount: 32)
        : DatasetCatalog.Default.Get(DatasetNames.Imdb, trainCount: 64, testCount: 32);

    public string PathOf(string model, ModelFormat format) => Path.Combine(folder, $"{model}.{format}");

    /// <summary>The model's test split, the batch every activations request of these tests runs.</summary>
    public static NamedTensor InputsOf(string model) => SafetensorsReader.Read(DataOf(model).Path)[DatasetCatalog.TestInputs];

    public ActivationsRequest Request(string model, ModelFormat format = ModelFormat.Safetensors) =>
        new(ModelZoo.Get(model), format, PathOf(model, format), InputsOf(model), Device.Cpu);

    public async Task InitializeAsync()
    {
        foreach (var model in new[] { ModelZoo.LeNet1, ModelZoo.Lstm })
        {
            var data = DataOf(model);
            await Python.TrainAsync(new TrainRequest(ModelZoo.Get(model), data, Seed: 3, new TrainingSettings(Epochs: 1, BatchSize: 32), Device.Cpu,
                BatchOrder.Create(3, data.TrainCount, 1),
                [.. new[] { ModelFormat.Safetensors, ModelFormat.TorchScriptTraced, ModelFormat.Onnx }.Select(f => new ModelExport(f, PathOf(model, f)))]));
        }
    }

    public async Task DisposeAsync()
    {
        await Python.DisposeAsync();
        await TorchSharp.DisposeAsync();
        await Tfjs.DisposeAsync();
        await OnnxRuntime.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
