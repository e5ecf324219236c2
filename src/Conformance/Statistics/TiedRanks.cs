namespace BindingConformance.Statistics;

/// <summary>
/// Mid-ranks of two pooled samples (<c>scipy.stats.rankdata(method='average')</c>) with the tie term Σ(t³ − t)
/// over groups of t tied values.
/// </summary>
internal sealed class TiedRanks
{
    private TiedRanks(double[] ranks, double tieTerm, bool hasTies)
    {
        Ranks = ranks;
        TieTerm = tieTerm;
        HasTies = hasTies;
    }

    /// <summary>Rank of each pooled value: the first sample's values first, then the second's.</summary>
    public double[] Ranks { get; }

    public double TieTerm { get; }

    public bool HasTies { get; }

    public static TiedRanks Compute(double[] first, double[] second)
    {
        var n = first.Length + second.Length;
        var values = new double[n];
        first.CopyTo(values, 0);
        second.CopyTo(values, first.Length);
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        Array.Sort(values, order);

        var ranks = new double[n];
        var tieTerm = 0.0;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && values[end] == values[start]) end++;
            double count = end - start;
            var midRank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++) ranks[order[k]] = midRank;
            tieTerm += count * count * count - count;
            start = end;
        }
        return new TiedRanks(ranks, tieTerm, tieTerm > 0);
    }
}
