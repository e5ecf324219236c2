namespace BindingConformance.Oracles.Data;

/// <summary>
/// A seeded, stratified train/test split: each class contributes round(n × testFraction) of its examples
/// (chosen by a seeded shuffle) to the test set; both sets are then shuffled so that any prefix of
/// them is a class-mixed sample (the catalog's tier subsets are prefixes).
/// </summary>
public static class StratifiedSplit
{
    public static (int[] Train, int[] Test) Split(IReadOnlyList<long> labels, double testFraction, int seed)
    {
        if (testFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "must be in (0, 1)");
        // System.Random(seed) is specified to be stable for a given seed across .NET versions.
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            var testCount = (int)Math.Round(members.Length * testFraction, MidpointRounding.AwayFromZero);
            test.AddRange(members[..testCount]);
            train.AddRange(members[testCount..]);
        }
        var trainOrder = train.ToArray();
        var testOrder = test.ToArray();
        random.Shuffle(trainOrder);
        random.Shuffle(testOrder);
        return (trainOrder, testOrder);
    }
}
