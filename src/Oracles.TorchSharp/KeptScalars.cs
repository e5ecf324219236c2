using TorchSharp;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// The constant scalars this binding passes to libtorch, held for the life of the process. TorchSharp frees a
/// <see cref="Scalar"/> nobody disposed on the finalizer thread, and one it makes implicitly (<c>x.mul(0.5)</c>, or
/// <c>a + b</c>, which is <c>add(b, alpha: 1)</c>) is unreachable while libtorch still reads it: a garbage collection
/// started by any other thread frees it mid-call (docs/torchsharp-scalar-race.md). <c>BannedSymbols.txt</c> refuses
/// those calls in this project; their constants come from here, values known when a module is built live in its fields,
/// and the rest in <c>using</c> variables.
/// </summary>
internal static class KeptScalars
{
    /// <summary>The integer 1: the alpha TorchSharp's own <c>add(Tensor)</c> passes, so sums are the same bit for bit.</summary>
    public static Scalar One { get; } = 1.ToScalar();

    /// <summary>The integer 0.</summary>
    public static Scalar Zero { get; } = 0.ToScalar();
}
