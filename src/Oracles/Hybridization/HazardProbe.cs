using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.Hybridization;

/// <summary>
/// A small model carrying one hybridization hazard, specified once (<see cref="HazardProbes"/>) and built by each binding
/// that can. A graph mode captures it on <see cref="Cases"/>[0] and runs every case, so the other cases take the other
/// branch, trip count, shape or mode.
/// </summary>
/// <param name="Name">Kebab-case id, e.g. <c>tensor-branch</c>; a zoo model's name for hazard-free controls.</param>
/// <param name="Hazard">What the probe does, in one sentence.</param>
/// <param name="Category">The <see cref="HazardCategory"/> a divergence on this probe shows; <see cref="HazardCategory.None"/> for controls.</param>
/// <param name="Control">The zoo model a control probe runs (freshly initialised weights); null for hazard probes.</param>
/// <param name="Cases">Input batches, each named by what it exercises; the first is the capture example.</param>
public sealed record HazardProbe(string Name, string Hazard, string Category, ModelSpec? Control, IReadOnlyList<NamedTensor> Cases)
{
    public bool IsControl => Control is not null;
}
