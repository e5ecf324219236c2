using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles;

/// <summary>Load a saved model and run the test split through it <see cref="Passes"/> times after one untimed warm-up.</summary>
public sealed record EvaluateRequest(
    ModelSpec Model,
    DatasetRef Data,
    ModelFormat Format,
    string Path,
    string Device,
    int Passes = 5);
