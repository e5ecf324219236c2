using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Oracles.Tests.Hybridization;

/// <summary>Reading and comparing probe outputs in the probe tests of every binding.</summary>
public static class ProbeOutputs
{
    // float32 rounding of a few elementwise operations, relative above 1.
    private const double Tolerance = 1e-5;

    public static NamedTensor Output(ProbeRunResult result, string name) =>
        result.Outputs.SingleOrDefault(o => o.Name == name)
        ?? throw new InvalidOperationException($"no output for case {name} (diagnostics: {string.Join(" | ", result.Diagnostics)}; incompatible: {result.Incompatible})");

    public static bool Close(float actual, float expected) => Math.Abs(actual - expected) <= Tolerance * Math.Max(1, Math.Abs(expected));

    public static bool Differs(float[] actual, float[] expected) =>
        actual.Length != expected.Length || actual.Zip(expected).Any(pair => !Close(pair.First, pair.Second));
}
