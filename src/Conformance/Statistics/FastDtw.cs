namespace BindingConformance.Statistics;

/// <summary>
/// FastDTW: halve both series by averaging pairs, solve the coarse problem recursively, project its warp path
/// back widened by the radius, and run DTW only inside that window. Follows the Python <c>fastdtw</c> package
/// (base case below radius + 2 points, ties broken up, left, then diagonal) so distances match the study's.
/// </summary>
internal static class FastDtw
{
    public static double Distance(double[] x, double[] y, int radius) => Solve(x, y, radius, wantPath: false).Distance;

    private static WindowedDtw.Outcome Solve(double[] x, double[] y, int radius, bool wantPath)
    {
        var minimumSize = radius + 2;
        if (x.Length < minimumSize || y.Length < minimumSize)
            return WindowedDtw.Run(x, y, DtwWindow.Full(x.Length, y.Length), wantPath);
        var coarse = Solve(HalveByAveraging(x), HalveByAveraging(y), radius, wantPath: true);
        var window = DtwWindow.AroundCoarsePath(coarse.Path!, x.Length, y.Length, radius);
        return WindowedDtw.Run(x, y, window, wantPath);
    }

    /// <summary>Means of consecutive pairs; an odd last point is dropped, as in <c>fastdtw</c>.</summary>
    private static double[] HalveByAveraging(double[] series)
    {
        var halved = new double[series.Length / 2];
        for (var i = 0; i < halved.Length; i++) halved[i] = (series[2 * i] + series[2 * i + 1]) / 2;
        return halved;
    }
}
