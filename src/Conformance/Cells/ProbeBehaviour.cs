namespace BindingConformance.Cells;

/// <summary>
/// What an execution mode did with a hazard probe against eager, as a hybridization cell found it: <c>equal</c>, the
/// hazard category of a divergence, or execution-mode incompatibility; <see cref="Silent"/> when it diverged and said nothing.
/// </summary>
public sealed record ProbeBehaviour(string Behaviour, bool Silent)
{
    public const string Equal = "equal";

    public const string Incompatible = Oracles.Hybridization.HazardCategory.ExecutionModeIncompatibility;

    /// <summary>The mode computed something other than eager (not equal, not incompatible).</summary>
    public bool Diverged => Behaviour is not (Equal or Incompatible);
}
