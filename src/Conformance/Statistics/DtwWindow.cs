namespace BindingConformance.Statistics;

/// <summary>The cells DTW may visit: for each row i of the first series, the columns First[i]..Last[i].</summary>
internal sealed class DtwWindow
{
    private DtwWindow(int[] first, int[] last)
    {
        First = first;
        Last = last;
    }

    public int[] First { get; }

    public int[] Last { get; }

    public static DtwWindow Full(int rows, int columns) =>
        new(new int[rows], Enumerable.Repeat(columns - 1, rows).ToArray());

    /// <summary>
    /// Every coarse path cell widened by <paramref name="radius"/> in both directions, each coarse cell covering
    /// a 2×2 block at full resolution. A monotone path keeps every row's columns contiguous.
    /// </summary>
    public static DtwWindow AroundCoarsePath(IReadOnlyList<(int Row, int Column)> coarsePath, int rows, int columns, int radius)
    {
        var lastCoarseRow = coarsePath[^1].Row;
        var lowest = Enumerable.Repeat(int.MaxValue, lastCoarseRow + 1).ToArray();
        var highest = Enumerable.Repeat(int.MinValue, lastCoarseRow + 1).ToArray();
        foreach (var (row, column) in coarsePath)
        {
            for (var r = Math.Max(0, row - radius); r <= Math.Min(lastCoarseRow, row + radius); r++)
            {
                lowest[r] = Math.Min(lowest[r], column - radius);
                highest[r] = Math.Max(highest[r], column + radius);
            }
        }
        var first = new int[rows];
        var last = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            // The odd last fine row lies beyond the coarse path; fastdtw gives it the last coarse row's columns.
            var coarseRow = Math.Min(i / 2, lastCoarseRow);
            first[i] = Math.Max(0, 2 * lowest[coarseRow]);
            last[i] = Math.Min(columns - 1, 2 * highest[coarseRow] + 1);
        }
        return new DtwWindow(first, last);
    }
}
