using BindingConformance.Oracles;
using BindingConformance.Runs;

namespace BindingConformance.Kinds.TimeCost;

/// <summary>Inference time of the binding's own saved model on the test split, one sample per timed pass, against the framework's default binding.</summary>
public sealed class InferenceTimeKind : TimeCostKind
{
    private InferenceTimeKind() { }

    public static InferenceTimeKind Instance { get; } = new();

    public override string Name => "inference-time";
    public override int Order => 70;
    public override string Summary =>
        "Each non-default binding's inference times of its own saved model (one per timed pass) against its framework's default binding: median " +
        "speed-up, Cliff's delta, Mann-Whitney U with Bonferroni over the framework × model × device.";
    public override string Quantity => "inference times";
    public override string Samples => "timed passes";
    public override string MoreSamples => "evaluate with 5 passes as the study did";

    public override async Task<(IReadOnlyList<double>? Seconds, string? WhyNot, bool Recalled)> TimesAsync(CellEngine engine, PlannedModel model, IBindingOracle oracle,
        string device, CancellationToken cancellationToken)
    {
        var own = await engine.OwnAsync(model, oracle, device, cancellationToken);
        return own.Result is { } result ? (result.PassSeconds, null, false) : (null, own.Untrained ?? own.Error, false);
    }
}
