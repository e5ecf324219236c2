namespace BindingConformance.Replication;

/// <summary>
/// The study's comparison of one non-default binding with the default (Python) binding of the same framework and
/// model. Null means "not applicable": the binding or the default did not record what the figure needs.
/// </summary>
public sealed record ReplicationRow(
    string Framework,
    string Model,
    string Binding,
    double? TrainTimeMedianDefault,
    double? TrainTimeMedian,
    double? MannWhitneyP,
    double? MannWhitneyPAdjusted,
    double? CliffsDelta,
    Statistics.EffectMagnitude? Magnitude,
    double? DtwMaxNormalized,
    double? FastDtwMaxNormalized,
    double? TestAccuracyMeanDefault,
    double? TestAccuracyMean,
    double? InferenceSameFraction,
    double? InferenceStableFraction);
