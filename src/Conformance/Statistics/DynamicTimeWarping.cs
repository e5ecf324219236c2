namespace BindingConformance.Statistics;

/// <summary>
/// Dynamic time warping with the absolute difference |aᵢ − bⱼ| as the local cost, steps (1,0), (0,1) and (1,1).
/// <see cref="Exact"/> fills the whole cost matrix in O(n·m) time and O(min(n, m)) memory;
/// <see cref="Fast"/> is FastDTW (Salvador &amp; Chan 2007) as the Python <c>fastdtw</c> package computes it,
/// which the bindings study used with radius 1 to compare training-accuracy curves.
/// </summary>
public static class DynamicTimeWarping
{
    /// <summary>The exact DTW distance between <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">A series is empty or holds NaN or an infinity.</exception>
    public static DtwResult Exact(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var first = SampleValidation.NonEmptyFinite(a, nameof(a));
        var second = SampleValidation.NonEmptyFinite(b, nameof(b));
        // The cost is symmetric, so the shorter series can be the row kept in memory.
        var distance = first.Length >= second.Length ? FullDistance(first, second) : FullDistance(second, first);
        return new DtwResult(distance, first.Length);
    }

    /// <summary>
    /// The FastDTW approximation: an upper bound of the exact distance, equal to it when the radius covers the
    /// series. Runs in O((n + m) · radius) time and memory.
    /// </summary>
    /// <exception cref="ArgumentException">A series is empty or holds NaN or an infinity.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="radius"/> is less than 1.</exception>
    public static DtwResult Fast(IReadOnlyList<double> a, IReadOnlyList<double> b, int radius = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(radius, 1);
        var first = SampleValidation.NonEmptyFinite(a, nameof(a));
        var second = SampleValidation.NonEmptyFinite(b, nameof(b));
        return new DtwResult(FastDtw.Distance(first, second, radius), first.Length);
    }

    private static double FullDistance(double[] rows, double[] columns)
    {
        var previous = new double[columns.Length];
        var current = new double[columns.Length];
        var above = 0.0;
        for (var j = 0; j < columns.Length; j++)
        {
            above += Math.Abs(rows[0] - columns[j]);
            previous[j] = above;
        }
        for (var i = 1; i < rows.Length; i++)
        {
            var value = rows[i];
            current[0] = previous[0] + Math.Abs(value - columns[0]);
            for (var j = 1; j < columns.Length; j++)
            {
                var best = Math.Min(Math.Min(previous[j], current[j - 1]), previous[j - 1]);
                current[j] = best + Math.Abs(value - columns[j]);
            }
            (previous, current) = (current, previous);
        }
        return previous[^1];
    }
}
