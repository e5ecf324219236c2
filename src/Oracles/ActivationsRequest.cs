using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles;

/// <summary>Run <see cref="Model"/>, loaded from <see cref="Path"/>, on one batch and return what every layer produced.</summary>
/// <param name="Inputs">The batch: F32 [n, ..input shape], or I64 token ids for models that start with an embedding.</param>
/// <param name="Backend">One of the binding's <see cref="OracleCapabilities.AlternateBackends"/>; null for its default backend.</param>
public sealed record ActivationsRequest(ModelSpec Model, ModelFormat Format, string Path, NamedTensor Inputs, string Device, string? Backend = null)
{
    /// <summary>Longest the request may run before it fails as timed out; null derives it from the plan (<see cref="RequestDeadline"/>).</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>The dtype the batch must have: I64 token ids for a model that starts with an embedding, else F32.</summary>
    public TensorDtype InputDtype => Model.Layers is [{ Kind: LayerKind.Embedding }, ..] ? TensorDtype.I64 : TensorDtype.F32;

    /// <summary>Why the batch does not fit the model, or null.</summary>
    public string? WhyInvalid()
    {
        long[] inputShape = [.. Model.InputShape.Select(d => (long)d)];
        return Inputs.Dtype != InputDtype || Inputs.Shape.Count == 0 || Inputs.Shape[0] < 1 || !Inputs.Shape.Skip(1).SequenceEqual(inputShape)
            ? $"activations inputs are {Inputs.Dtype} [{string.Join(", ", Inputs.Shape)}]; model {Model.Name} needs {InputDtype} [n ≥ 1, {string.Join(", ", inputShape)}]"
            : null;
    }
}
