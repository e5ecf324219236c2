namespace BindingConformance.Runs;

/// <summary>What a <see cref="TimeCost"/> comparison times: the cell's mode, what one sample is, and how to get more.</summary>
public sealed record TimeCostKind(string Mode, string Samples, string MoreSamples)
{
    /// <summary>Training time excluding evaluation, one sample per seed.</summary>
    public static TimeCostKind Training { get; } = new("training", "seeds", "run with --seeds 5 as the study did");

    /// <summary>Inference time of the binding's own saved model on the test split, one sample per timed pass.</summary>
    public static TimeCostKind Inference { get; } = new("inference", "timed passes", "evaluate with 5 passes as the study did");
}
