namespace BindingConformance.Statistics;

/// <summary>The sample median: the middle value, or the mean of the two middle values of an even-sized sample.</summary>
public static class Median
{
    public static double Of(IReadOnlyList<double> values)
    {
        var sorted = SampleValidation.NonEmptyFinite(values, nameof(values));
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
