namespace BindingConformance.Statistics;

/// <summary>
/// Dynamic time warping with the absolute difference |aᵢ − bⱼ| as the local cost, steps (1,0), (0,1) and (1,1).
/// <see cref="Exact"/> fills the whole cost matrix in O(n·m) time and O(min(n, m)) memory;
/// <see cref="Fast"/> is FastDTW (Salvador &amp; Chan 2007) as the compiled Python <c>fastdtw</c> 0.3.4 computes it,
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
        var n = columns.Length;
        Span<double> previous = new double[n];
        Span<double> current = new double[n];
        ReadOnlySpan<double> column = columns.AsSpan(0, n);
        var above = 0.0;
        for (var j = 0; j < n; j++)
        {
            above += Math.Abs(rows[0] - column[j]);
            previous[j] = above;
        }
        for (var i = 1; i < rows.Length; i++)
        {
            var value = rows[i];
            // Carry the left and diagonal neighbours in registers; plain comparisons avoid Math.Min's NaN handling
            // (inputs are validated finite) and keep the loop at a few nanoseconds per cell.
            var diagonal = previous[0];
            var left = diagonal + Math.Abs(value - column[0]);
            current[0] = left;
            for (var j = 1; j < n; j++)
            {
                var up = previous[j];
                var best = up < left ? up : left;
                if (diagonal < best) best = diagonal;
                left = best + Math.Abs(value - column[j]);
                current[j] = left;
                diagonal = up;
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[n - 1];
    }
}
