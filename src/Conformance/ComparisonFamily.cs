namespace BindingConformance;

/// <summary>
/// The comparisons that share one family-wise error rate (the study: every binding of one
/// framework × model), so each test runs at α / <see cref="Size"/> (Bonferroni).
/// </summary>
public sealed record ComparisonFamily
{
    public ComparisonFamily(string name, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Name = name;
        Size = size;
    }

    public string Name { get; }

    public int Size { get; }
}
