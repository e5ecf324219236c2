using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles;

/// <summary>Run <see cref="Model"/>, loaded from <see cref="Path"/>, on one batch and return what every layer produced.</summary>
/// <param name="Inputs">The batch: F32 [n, ..input shape], or I64 token ids for models that start with an embedding.</param>
public sealed record ActivationsRequest(ModelSpec Model, ModelFormat Format, string Path, NamedTensor Inputs, string Device)
{
    /// <summary>Longest the request may run before it fails as timed out; null derives it from the plan (<see cref="RequestDeadline"/>).</summary>
    public TimeSpan? TimeLimit { get; init; }
}
