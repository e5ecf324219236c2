using BindingConformance.Oracles;

namespace BindingConformance.Kinds.TimeCost;

/// <summary>The times one binding took on one device for one model: a sample for <see cref="TimeCost"/>.</summary>
/// <param name="Seconds">One value per seed (training) or per timed pass (inference).</param>
public sealed record TimedBinding(BindingDescriptor Binding, string Device, IReadOnlyList<double> Seconds)
{
    /// <summary>The samples come from trainings recalled from the run cache.</summary>
    public bool Recalled { get; init; }
}
