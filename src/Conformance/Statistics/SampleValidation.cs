namespace BindingConformance.Statistics;

/// <summary>Rejects inputs on which the statistics would silently produce NaN.</summary>
internal static class SampleValidation
{
    public static double[] NonEmptyFinite(IReadOnlyList<double> values, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(values, parameterName);
        if (values.Count == 0) throw new ArgumentException("the sample is empty", parameterName);
        var copy = new double[values.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i];
            if (!double.IsFinite(copy[i]))
                throw new ArgumentException($"value #{i} is {copy[i]}; only finite numbers are allowed", parameterName);
        }
        return copy;
    }
}
