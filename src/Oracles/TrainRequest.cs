using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles;

/// <summary>Train <see cref="Model"/> on <see cref="Data"/> in the batch order fixed by <see cref="BatchOrder"/>.</summary>
/// <param name="BatchOrder">One permutation of the training indices per epoch, shared by every binding.</param>
/// <param name="Exports">Files to write after training, one per requested format.</param>
public sealed record TrainRequest(
    ModelSpec Model,
    DatasetRef Data,
    int Seed,
    TrainingSettings Settings,
    string Device,
    BatchOrder BatchOrder,
    IReadOnlyList<ModelExport> Exports)
{
    /// <summary>Optimizer steps the request asks for: each epoch's permutation cut into batches, the last one possibly short.</summary>
    public int Steps => Settings.BatchSize <= 0 ? 0 : BatchOrder.Epochs.Sum(order => (order.Length + Settings.BatchSize - 1) / Settings.BatchSize);

    /// <summary>Longest the request may run before it fails as timed out; null derives it from the plan (<see cref="RequestDeadline"/>).</summary>
    public TimeSpan? TimeLimit { get; init; }
}

/// <summary>A file to write in a given format once training has finished.</summary>
public sealed record ModelExport(ModelFormat Format, string Path);
