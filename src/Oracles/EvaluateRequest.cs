using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles;

/// <summary>Load a saved model and run the test split through it <see cref="Passes"/> times after one untimed warm-up.</summary>
/// <param name="Backend">One of the binding's <see cref="OracleCapabilities.AlternateBackends"/>; null for its default backend.</param>
public sealed record EvaluateRequest(
    ModelSpec Model,
    DatasetRef Data,
    ModelFormat Format,
    string Path,
    string Device,
    int Passes = 5,
    string? Backend = null)
{
    /// <summary>Longest the request may run before it fails as timed out; null derives it from the plan (<see cref="RequestDeadline"/>).</summary>
    public TimeSpan? TimeLimit { get; init; }
}
