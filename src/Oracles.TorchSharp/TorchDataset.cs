using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>A cached dataset loaded onto a device, checked against the model's input shape.</summary>
internal sealed class TorchDataset : IDisposable
{
    private TorchDataset(Tensor trainX, Tensor trainY, Tensor testX, Tensor testY)
    {
        TrainX = trainX;
        TrainY = trainY;
        TestX = testX;
        TestY = testY;
    }

    public Tensor TrainX { get; }

    public Tensor TrainY { get; }

    public Tensor TestX { get; }

    public Tensor TestY { get; }

    public static TorchDataset Load(DatasetRef data, ModelSpec model, torch.Device device)
    {
        SafetensorsFile file;
        try
        {
            file = SafetensorsReader.Read(data.Path);
        }
        catch (WeightFileFormatException e)
        {
            throw new OracleException($"dataset {data.Name}: {e.Message}", e);
        }
        var tensors = new[] { DatasetCatalog.TrainInputs, DatasetCatalog.TrainLabels, DatasetCatalog.TestInputs, DatasetCatalog.TestLabels }
            .Select(name => file.Tensors.FirstOrDefault(t => t.Name == name)
                ?? throw new OracleException($"dataset file {data.Path} has no tensor '{name}'"))
            .ToArray();
        foreach (var inputs in new[] { tensors[0], tensors[2] })
        {
            if (!inputs.Shape.Skip(1).SequenceEqual(model.InputShape.Select(d => (long)d)))
                throw new OracleException(
                    $"dataset {data.Name} has examples of shape [{string.Join(", ", inputs.Shape.Skip(1))}] but model {model.Name} " +
                    $"expects [{string.Join(", ", model.InputShape)}]");
        }
        var loaded = tensors.Select(t => TorchTensors.FromNamed(t).to(device)).ToArray();
        return new TorchDataset(loaded[0], loaded[1], loaded[2], loaded[3]);
    }

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        TestX.Dispose();
        TestY.Dispose();
    }
}
