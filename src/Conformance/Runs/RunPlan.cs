using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>What a conformance run trains and cross-loads, and the rules its verdicts use.</summary>
public sealed record RunPlan(
    string Tier,
    IReadOnlyList<PlannedModel> Models,
    IReadOnlyList<string> Devices,
    string OutputDirectory)
{
    public VerdictRules Rules { get; init; } = VerdictRules.Default;

    /// <summary>Longest any one train or evaluate request may run (<c>--cell-timeout</c>); null derives each request's limit from its plan.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>The hazard probes (<see cref="Oracles.Hybridization.HazardProbes"/>) run in every execution mode of every binding; none when empty.</summary>
    public IReadOnlyList<string> Probes { get; init; } = [];

    /// <summary>Timed runs of each probe's first case in each mode (kept modest: the main job's time is short).</summary>
    public int ProbeTimedPasses { get; init; } = 10;

    /// <summary>Timed training steps of the first case of each of <see cref="ProbeTrainingControls"/> in each mode that can train.</summary>
    public int ProbeTrainingPasses { get; init; } = 10;

    /// <summary>
    /// The control probes whose training step is timed: the LeNets, about 0.1 s in all; the text models' steps would add
    /// about 8 s on a 2-core machine (LSTM, GRU, BERT: 30–120 ms a step in Python), more than the main job can spare.
    /// </summary>
    public IReadOnlyList<string> ProbeTrainingControls { get; init; } = [Oracles.Models.ModelZoo.LeNet1, Oracles.Models.ModelZoo.LeNet5];

    /// <summary>Where approved hybridization behaviour is read and received behaviour written; null for <c>fixtures/approved</c>.</summary>
    public string? ApprovedDirectory { get; init; }

    /// <summary>Trainings kept from earlier runs, reused where nothing they depend on changed; null trains everything (<c>--no-cache</c>).</summary>
    public Caching.TrainingCache? Cache { get; init; }

    /// <summary>The part of a larger plan this run is (<c>--shard i/n</c>); null for a whole plan.</summary>
    public Shards.RunShard? Shard { get; init; }
}
