using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Runs;

/// <summary>One model of a run: its spec, the shared dataset, the tier's settings and how many seeds to train.</summary>
/// <param name="MinimumTestAccuracy">Final test accuracy every binding must reach, or null when the tier sets none.</param>
public sealed record PlannedModel(
    ModelSpec Spec,
    DatasetRef Data,
    TrainingSettings Settings,
    IReadOnlyList<int> Seeds,
    double? MinimumTestAccuracy);
