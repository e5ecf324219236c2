namespace BindingConformance.Oracles.Data;

/// <summary>
/// Examples in memory before they are written to the cache: inputs flattened row-major with
/// <see cref="ExampleShape"/> per example (float images or int64 token ids), one label per example.
/// </summary>
public sealed class LabeledExamples<T>(T[] inputs, long[] labels, IReadOnlyList<long> exampleShape) where T : unmanaged
{
    public T[] Inputs { get; } = inputs;

    public long[] Labels { get; } = labels;

    public IReadOnlyList<long> ExampleShape { get; } = exampleShape;

    public int Count => Labels.Length;

    public long ExampleSize => ExampleShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The examples at <paramref name="indices"/>, in that order.</summary>
    public LabeledExamples<T> Select(IReadOnlyList<int> indices)
    {
        var size = checked((int)ExampleSize);
        var inputs = new T[indices.Count * size];
        var labels = new long[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Array.Copy(Inputs, (long)indices[i] * size, inputs, (long)i * size, size);
            labels[i] = Labels[indices[i]];
        }
        return new LabeledExamples<T>(inputs, labels, ExampleShape);
    }
}
