namespace BindingConformance.Statistics;

/// <summary>
/// A dynamic-time-warping distance with absolute-difference cost. <see cref="NormalizedDistance"/> divides by
/// the length of the first series, the normalisation the bindings study used to compare accuracy curves.
/// </summary>
public sealed record DtwResult(double Distance, int FirstLength)
{
    /// <summary>Distance ÷ length of the first series.</summary>
    public double NormalizedDistance => Distance / FirstLength;
}
