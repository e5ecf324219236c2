using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;

namespace BindingConformance.SampleSuite;

/// <summary>Trains a cell's model once per seed in one binding, as a real suite would (the in-memory oracle ignores the spec).</summary>
public static class SampleRuns
{
    public const int Seeds = 5;

    public static async Task<TrainResult[]> TrainAsync(IBindingOracle oracle, ConformanceCell cell)
    {
        var model = new ModelSpec(cell.Model, "mnist", [1, 28, 28], 10, [], new OptimizerSpec("sgd", 0.01));
        var data = new DatasetRef("mnist", "unused", 0, InMemoryOracle.TestCount);
        var settings = new TrainingSettings(InMemoryOracle.Epochs, 64);
        var runs = new TrainResult[Seeds];
        for (var seed = 0; seed < Seeds; seed++)
            runs[seed] = await oracle.TrainAsync(new TrainRequest(model, data, seed, settings, cell.Device, BatchOrder.Create(seed, 0, settings.Epochs), []));
        return runs;
    }

    public static Task<EvaluateResult> EvaluateAsync(IBindingOracle oracle, ConformanceCell cell) =>
        oracle.EvaluateAsync(new EvaluateRequest(
            new ModelSpec(cell.Model, "mnist", [1, 28, 28], 10, [], new OptimizerSpec("sgd", 0.01)),
            new DatasetRef("mnist", "unused", 0, InMemoryOracle.TestCount),
            ModelFormat.Safetensors,
            "unused",
            cell.Device));
}
