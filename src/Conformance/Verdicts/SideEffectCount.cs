namespace BindingConformance.Verdicts;

/// <summary>
/// Side-effect counts of two probe runs (<c>ProbeRunResult.SideEffects</c>): compared only where both runs observe the
/// side effect. A run that cannot observe it (a loaded archive's Python counter, an ONNX graph) reports none, which is
/// no evidence either way.
/// </summary>
public static class SideEffectCount
{
    /// <summary>True when both runs observe the side effect, so their counts are compared.</summary>
    public static bool Comparable(long? a, long? b) => a is not null && b is not null;

    /// <summary>False only when both observe the side effect and the counts differ.</summary>
    public static bool Agree(long? a, long? b) => !Comparable(a, b) || a == b;

    /// <summary>The count, or <c>none</c> when the run does not observe it.</summary>
    public static string Text(long? count) => count?.ToString() ?? "none";
}
