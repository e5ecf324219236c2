using BindingConformance.Oracles;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.TimeCost;

/// <summary>Training time excluding evaluation, one sample per seed, against the framework's default binding.</summary>
public sealed class TrainingTimeKind : TimeCostKind
{
    private TrainingTimeKind() { }

    public static TrainingTimeKind Instance { get; } = new();

    public override string Name => "training-time";
    public override int Order => 60;
    public override string Summary =>
        "Each non-default binding's training times (one per seed) against its framework's default binding: median speed-up, Cliff's delta, " +
        "Mann-Whitney U with Bonferroni over the framework × model × device.";
    public override string Quantity => "training times";
    public override string Samples => "seeds";
    public override string MoreSamples => "run with --seeds 5 as the study did";

    public override async Task<(IReadOnlyList<double>? Seconds, string? WhyNot, bool Recalled)> TimesAsync(CellEngine engine, PlannedModel model, IBindingOracle oracle,
        string device, CancellationToken cancellationToken)
    {
        var training = await engine.TrainingAsync(model, oracle, device, cancellationToken);
        return training.Trained is { } trained ? (trained.Runs.Select(r => r.TrainingSeconds).ToArray(), null, training.Recalled) : (null, training.WhyNot, false);
    }
}
