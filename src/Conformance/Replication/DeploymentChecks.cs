namespace BindingConformance.Replication;

/// <summary>
/// What a binding's <c>deploy_eval_*</c> files record about reloading saved models: how many evaluations gave the
/// same accuracy as the original model, and how many repeated evaluations were stable.
/// </summary>
public sealed record DeploymentChecks(int SameAsOriginal, int SameChecks, int Stable, int StableChecks)
{
    public static DeploymentChecks None { get; } = new(0, 0, 0, 0);

    /// <summary>Fraction of evaluations equal to the original accuracy; null when none were recorded.</summary>
    public double? SameFraction => SameChecks == 0 ? null : (double)SameAsOriginal / SameChecks;

    /// <summary>Fraction of repeated evaluations that were stable; null when none were recorded.</summary>
    public double? StableFraction => StableChecks == 0 ? null : (double)Stable / StableChecks;

    public DeploymentChecks Plus(DeploymentChecks other) =>
        new(SameAsOriginal + other.SameAsOriginal, SameChecks + other.SameChecks, Stable + other.Stable, StableChecks + other.StableChecks);
}
