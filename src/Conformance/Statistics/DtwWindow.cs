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
        // Coarse rows run from -radius to (rows / 2 - 1) + radius; the odd last fine row maps to coarse row rows / 2.
        var coarseRows = rows / 2 + 2 * radius + 1;
        var lowest = Enumerable.Repeat(int.MaxValue, coarseRows).ToArray();
        var highest = Enumerable.Repeat(int.MinValue, coarseRows).ToArray();
        foreach (var (row, column) in coarsePath)
        {
            for (var r = row - radius; r <= row + radius; r++)
            {
                var slot = r + radius;
                lowest[slot] = Math.Min(lowest[slot], column - radius);
                highest[slot] = Math.Max(highest[slot], column + radius);
            }
        }
        var first = new int[rows];
        var last = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var slot = i / 2 + radius;
            first[i] = Math.Max(0, 2 * lowest[slot]);
            last[i] = Math.Min(columns - 1, 2 * highest[slot] + 1);
        }
        return new DtwWindow(first, last);
    }
}
