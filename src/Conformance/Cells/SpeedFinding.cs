namespace BindingConformance.Cells;

/// <summary>
/// A time cell's finding: a graph mode against eager (hybridization time cells), or a binding against its framework's
/// default binding (time-cost cells): faster, same or slower, and the median ratio.
/// </summary>
/// <param name="Ratio">Median time / the median time it is compared with (below 1: faster).</param>
public sealed record SpeedFinding(string Verdict, double Ratio)
{
    public const string Faster = "faster", Same = "same", Slower = "slower";
}
