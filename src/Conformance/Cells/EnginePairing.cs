using BindingConformance.Oracles;

namespace BindingConformance.Cells;

/// <summary>
/// The engines a time-cost cell's two bindings drive (its binding's and its reference's), and whether they are one engine
/// release (<see cref="BindingEngine.IsSameReleaseAs"/>): then the times differ by binding overhead alone (two bindings of
/// libtorch 1.13), else also by engine version (a binding of libtorch 2.10 against one of 1.13).
/// </summary>
/// <param name="Engine">The cell's binding's engine; null when it names none.</param>
/// <param name="ReferenceEngine">The reference binding's engine; null when it names none.</param>
public sealed record EnginePairing(BindingEngine? Engine, BindingEngine? ReferenceEngine)
{
    /// <summary>True for one engine release, false for two; null when a binding does not name its engine or its version.</summary>
    public bool? Shared => Engine is null || ReferenceEngine is null ? null : Engine.IsSameReleaseAs(ReferenceEngine);

    /// <summary>One phrase for people: <c>same engine: libtorch 1.13.0 = myreference's libtorch 1.13.0a0</c>.</summary>
    public string Describe(string referenceId)
    {
        var (engine, reference) = (Engine?.ToString() ?? "(no engine named)", $"{referenceId}'s {ReferenceEngine?.ToString() ?? "(no engine named)"}");
        return Shared switch
        {
            true => $"same engine: {engine} = {reference}",
            false => $"different engines: {engine} ≠ {reference}",
            null => $"engines not comparable: {engine}, {reference}",
        };
    }
}
