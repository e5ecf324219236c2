namespace BindingConformance.Statistics;

/// <summary>Outcome of <see cref="CliffsDelta.Compute"/>: d = P(x &gt; y) − P(x &lt; y) and its magnitude.</summary>
public sealed record CliffsDeltaResult(double Delta, EffectMagnitude Magnitude);
