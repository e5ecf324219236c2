namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// Names the TorchSharp defect behind libtorch's bare scalar errors (docs/torchsharp-scalar-race.md): a
/// <see cref="TorchSharp.Scalar"/> that TorchSharp made implicitly, inside its optimizers or batch norm, freed on the
/// finalizer thread while libtorch still read it. libtorch then finds no valid scalar type: "Expected false to be true"
/// raised from <c>c10/core/Scalar.h</c>, or "Unknown scalar type.". This binding's own code holds its scalars
/// (<see cref="KeptScalars"/>), so such an error is TorchSharp's, and the cell says so instead of the bare message.
/// </summary>
internal static class FreedScalarError
{
    /// <summary>Runs <paramref name="work"/>, turning a freed-scalar error into one <see cref="OracleException"/> line that names its cause.</summary>
    public static T Explained<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e is not OracleException && IsFreedScalar(e.Message))
        {
            throw new OracleException(
                "libtorch read a scalar that TorchSharp had already freed on the finalizer thread (a TorchSharp defect: its " +
                $"optimizers and batch norm make scalars nobody holds; docs/torchsharp-scalar-race.md): {OneLine.Of(e.Message)}", e);
        }
    }

    /// <summary>Whether <paramref name="message"/> is libtorch's error for a scalar whose type tag is no valid type.</summary>
    public static bool IsFreedScalar(string message) =>
        message.Contains("c10/core/Scalar.h", StringComparison.Ordinal) || message.StartsWith("Unknown scalar type.", StringComparison.Ordinal);
}
