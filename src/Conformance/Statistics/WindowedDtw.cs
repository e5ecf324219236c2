namespace BindingConformance.Statistics;

/// <summary>DTW restricted to a <see cref="DtwWindow"/>, optionally recovering the warp path.</summary>
internal static class WindowedDtw
{
    public sealed record Outcome(double Distance, IReadOnlyList<(int Row, int Column)>? Path);

    private const byte FromAbove = 0, FromLeft = 1, FromDiagonal = 2;

    public static Outcome Run(double[] x, double[] y, DtwWindow window, bool wantPath)
    {
        var rows = x.Length;
        var offsets = new long[rows + 1];
        for (var i = 0; i < rows; i++) offsets[i + 1] = offsets[i] + (window.Last[i] - window.First[i] + 1);
        var cost = new double[offsets[rows]];
        var step = wantPath ? new byte[offsets[rows]] : null;

        for (var i = 0; i < rows; i++)
        {
            int first = window.First[i], last = window.Last[i];
            var rowStart = offsets[i] - first;
            for (var j = first; j <= last; j++)
            {
                var above = CostAt(cost, offsets, window, i - 1, j);
                var left = j > first ? cost[rowStart + j - 1] : double.PositiveInfinity;
                var diagonal = i == 0 && j == 0 ? 0.0 : CostAt(cost, offsets, window, i - 1, j - 1);
                // First minimum wins in the order above, left, diagonal — fastdtw's min() over that tuple order.
                var best = above;
                var move = FromAbove;
                if (left < best) { best = left; move = FromLeft; }
                if (diagonal < best) { best = diagonal; move = FromDiagonal; }
                cost[rowStart + j] = best + Math.Abs(x[i] - y[j]);
                if (step is not null) step[rowStart + j] = move;
            }
        }

        var distance = CostAt(cost, offsets, window, rows - 1, y.Length - 1);
        if (double.IsPositiveInfinity(distance))
            throw new InvalidOperationException("the DTW window does not connect the two series' ends");
        return new Outcome(distance, step is null ? null : Backtrack(step, offsets, window, rows - 1, y.Length - 1));
    }

    private static double CostAt(double[] cost, long[] offsets, DtwWindow window, int row, int column) =>
        row < 0 || column < window.First[row] || column > window.Last[row]
            ? double.PositiveInfinity
            : cost[offsets[row] + column - window.First[row]];

    private static List<(int Row, int Column)> Backtrack(byte[] step, long[] offsets, DtwWindow window, int row, int column)
    {
        var path = new List<(int, int)> { (row, column) };
        while (row > 0 || column > 0)
        {
            switch (step[offsets[row] + column - window.First[row]])
            {
                case FromAbove: row--; break;
                case FromLeft: column--; break;
                default: row--; column--; break;
            }
            path.Add((row, column));
        }
        path.Reverse();
        return path;
    }
}
