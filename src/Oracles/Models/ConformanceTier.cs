namespace BindingConformance.Oracles.Models;

/// <summary>How much training a run does: <see cref="Smoke"/> fits CI (2 cores, minutes); <see cref="Paper"/> is the study's scale.</summary>
public enum ConformanceTier
{
    Smoke,
    Paper,
}
