namespace BindingConformance.Statistics;

/// <summary>Size of a Cliff's delta by the thresholds of Romano et al. (2006), as used by the bindings study.</summary>
public enum EffectMagnitude
{
    /// <summary>|d| &lt; 0.147.</summary>
    Negligible,

    /// <summary>0.147 ≤ |d| &lt; 0.33.</summary>
    Small,

    /// <summary>0.33 ≤ |d| &lt; 0.474.</summary>
    Medium,

    /// <summary>|d| ≥ 0.474.</summary>
    Large,
}
