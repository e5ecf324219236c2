namespace BindingConformance.Oracles.Data;

/// <summary>
/// The order in which training examples are visited, one permutation per epoch, derived from the seed
/// alone so that every binding sees the same batches in the same order.
/// </summary>
public sealed class BatchOrder
{
    private BatchOrder(int[][] epochs) => Epochs = epochs;

    /// <summary>Per epoch, a permutation of 0..count-1.</summary>
    public IReadOnlyList<int[]> Epochs { get; }

    /// <summary>An order given epoch by epoch, e.g. a simulated binding bug's; the arrays are copied.</summary>
    public static BatchOrder Of(IEnumerable<int[]> epochs) => new(epochs.Select(order => order.ToArray()).ToArray());

    public static BatchOrder Create(int seed, int count, int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        // System.Random(seed) is specified to be stable for a given seed across .NET versions.
        var random = new Random(seed);
        var orders = new int[epochs][];
        for (var e = 0; e < epochs; e++)
        {
            var order = Enumerable.Range(0, count).ToArray();
            random.Shuffle(order);
            orders[e] = order;
        }
        return new BatchOrder(orders);
    }
}
