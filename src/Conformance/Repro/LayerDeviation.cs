namespace BindingConformance.Repro;

/// <summary>
/// How far one layer's output in the binding under test is from the reference's on the same batch.
/// </summary>
/// <param name="Layer">The spec layer name (<see cref="Oracles.Models.LayerSpec.Name"/>), or <c>output</c> for a graph seen from outside.</param>
/// <param name="Shape">The reference's output shape, batch axis first.</param>
/// <param name="MaxAbsDifference">Largest |actual − expected| over the layer's elements; infinite when shapes differ or either side holds a NaN or infinity.</param>
/// <param name="RelativeDeviation">‖actual − expected‖₂ / ‖expected‖₂ (0 when both are all zeros); infinite as above.</param>
/// <param name="NonFinite">Either side's output holds a NaN or an infinity: never equal, even to the same value.</param>
public sealed record LayerDeviation(string Layer, IReadOnlyList<long> Shape, double MaxAbsDifference, double RelativeDeviation, bool NonFinite = false);
