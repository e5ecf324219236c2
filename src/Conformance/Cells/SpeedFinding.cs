namespace BindingConformance.Cells;

/// <summary>A graph mode's speed against eager as a hybridization time cell judged it: faster, same or slower, and the median ratio.</summary>
/// <param name="Ratio">Median graph time / median eager time (below 1: the graph is faster).</param>
public sealed record SpeedFinding(string Verdict, double Ratio)
{
    public const string Faster = "faster", Same = "same", Slower = "slower";
}
