using System.Collections.Concurrent;
using BindingConformance;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;

namespace PyTorchFamily.Conformance;

/// <summary>
/// Trains a cell's model at the smoke tier, one run per seed in the shared batch order. The reference
/// binding's runs are the same for every cell of a model and device, so they are trained once per process.
/// </summary>
public static class SmokeTraining
{
    /// <summary>Five seeds: the fewest for which a two-sided Mann-Whitney U test can reject at 0.05 / 2 (min p = 2/252).</summary>
    public static IReadOnlyList<int> Seeds { get; } = [0, 1, 2, 3, 4];

    private static readonly ConcurrentDictionary<(string Binding, string Model, string Device), Lazy<Task<TrainingRuns>>> referenceRuns = new();

    public static Task<TrainingRuns> RunAsync(ConformanceCell cell) => TrainAsync(cell.Oracle, cell.Model, cell.Device);

    public static Task<TrainingRuns> ReferenceRunAsync(ConformanceCell cell) =>
        referenceRuns.GetOrAdd((cell.Reference, cell.Model, cell.Device), key => new(() => TrainAsync(cell.ReferenceOracle, key.Model, key.Device))).Value;

    private static async Task<TrainingRuns> TrainAsync(IBindingOracle oracle, string model, string device)
    {
        var plan = ModelZoo.Plan(model, ConformanceTier.Smoke);
        var data = DatasetCatalog.Default.Get(plan.Model.Dataset, plan.TrainCount, plan.TestCount);
        var runs = new List<TrainResult>();
        foreach (var seed in Seeds)
        {
            var order = BatchOrder.Create(seed, data.TrainCount, plan.Settings.Epochs);
            runs.Add(await oracle.TrainAsync(new TrainRequest(plan.Model, data, seed, plan.Settings, device, order, [])));
        }
        return TrainingRuns.From(runs);
    }
}
