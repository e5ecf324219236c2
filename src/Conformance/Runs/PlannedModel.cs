using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>One model of a run: its spec, the shared dataset, the tier's settings and how many seeds to train.</summary>
/// <param name="MinimumTestAccuracy">Final test accuracy every binding must reach, or null when the tier sets none.</param>
/// <param name="TrainingSkips">Bindings the tier does not train this model in, with the reason (e.g. too slow for CI).</param>
public sealed record PlannedModel(
    ModelSpec Spec,
    DatasetRef Data,
    TrainingSettings Settings,
    IReadOnlyList<int> Seeds,
    double? MinimumTestAccuracy,
    IReadOnlyDictionary<string, string> TrainingSkips)
{
    /// <summary>The model spec file a model of the user's own comes from (<see cref="ModelSpecFile"/>); null for a zoo model.</summary>
    public string? SpecFile { get; init; }

    /// <summary>Bindings the tier trains on only the first N of <see cref="Seeds"/> (e.g. too slow for more in CI).</summary>
    public IReadOnlyDictionary<string, int> SeedLimits { get; init; } = new Dictionary<string, int>();

    /// <summary>The model's own training bounds (<see cref="ModelPlan.Bounds"/>).</summary>
    public TrainingBounds Bounds { get; init; } = TrainingBounds.Defaults;

    /// <summary><paramref name="rules"/> with this model's own training bounds in place of the defaults.</summary>
    public VerdictRules RulesFrom(VerdictRules rules) => rules with
    {
        TrajectoryLossTolerance = Bounds.TrajectoryLoss ?? rules.TrajectoryLossTolerance,
        TrajectoryAccuracyTolerance = Bounds.TrajectoryAccuracy ?? rules.TrajectoryAccuracyTolerance,
        DtwBound = Bounds.Dtw ?? rules.DtwBound,
    };

    /// <summary>The seeds <paramref name="bindingId"/> trains with: <see cref="Seeds"/>, cut to its limit if it has one.</summary>
    public IReadOnlyList<int> SeedsFor(string bindingId) =>
        SeedLimits.TryGetValue(bindingId, out var limit) ? Seeds.Take(limit).ToArray() : Seeds;
}
