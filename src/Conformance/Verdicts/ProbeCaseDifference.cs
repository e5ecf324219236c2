using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Verdicts;

/// <summary>One case of a hazard probe in two runs: how far apart their outputs are, or why they cannot be compared.</summary>
/// <param name="MaxAbsDifference">Largest |difference| (<see cref="LogitDifference"/>); infinite when shapes or outputs differ in kind.</param>
/// <param name="Note">Why the outputs are not comparable element by element (a missing output, another shape); null when they are.</param>
/// <param name="Agrees">Within the float32 logit tolerance (<see cref="VerdictRules.Float32LogitTolerance"/>).</param>
public sealed record ProbeCaseDifference(string Case, double MaxAbsDifference, string? Note, bool Agrees)
{
    /// <summary>
    /// Every case of <paramref name="probe"/>, <paramref name="actual"/>'s outputs against <paramref name="expected"/>'s.
    /// Two runs that both produced no output for a case agree on it.
    /// </summary>
    public static IReadOnlyList<ProbeCaseDifference> Compare(HazardProbe probe, ProbeRunResult expected, string expectedName,
        ProbeRunResult actual, string actualName, VerdictRules rules) =>
        probe.Cases.Select(c => Measure(c.Name, Output(expected, c.Name), expectedName, Output(actual, c.Name), actualName))
            .Select(d => d with { Agrees = d.MaxAbsDifference <= rules.Float32LogitTolerance }).ToArray();

    private static ProbeCaseDifference Measure(string name, NamedTensor? expected, string expectedName, NamedTensor? actual, string actualName) =>
        (expected, actual) switch
        {
            (null, null) => new(name, 0, null, false),
            (null, _) => new(name, double.PositiveInfinity, $"{expectedName} produced no output", false),
            (_, null) => new(name, double.PositiveInfinity, $"{actualName} produced no output", false),
            _ when !expected.Shape.SequenceEqual(actual.Shape) =>
                new(name, double.PositiveInfinity, $"shape [{string.Join(", ", actual.Shape)}] against [{string.Join(", ", expected.Shape)}]", false),
            _ => new(name, LogitDifference.Max(Floats(expected), Floats(actual)), null, false),
        };

    private static NamedTensor? Output(ProbeRunResult result, string name) => result.Outputs.FirstOrDefault(o => o.Name == name);

    private static float[] Floats(NamedTensor tensor) => tensor.Dtype switch
    {
        TensorDtype.F64 => tensor.ToDoubles().Select(v => (float)v).ToArray(),
        TensorDtype.I64 => tensor.ToInt64().Select(v => (float)v).ToArray(),
        TensorDtype.I32 => tensor.ToInt32().Select(v => (float)v).ToArray(),
        _ => tensor.ToFloats(),
    };
}
