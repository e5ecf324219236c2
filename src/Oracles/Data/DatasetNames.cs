namespace BindingConformance.Oracles.Data;

/// <summary>Names of the datasets the catalog can convert, as used in model specs and cache file names.</summary>
public static class DatasetNames
{
    public const string Mnist = "mnist";
    public const string FashionMnist = "fashion_mnist";
    public const string Imdb = "imdb";
    public const string Cifar10 = "cifar10";

    public static IReadOnlyList<string> All { get; } = [Mnist, FashionMnist, Imdb, Cifar10];

    /// <summary>The shape of one example of <paramref name="name"/> in the cache (Data/DATASETS.md).</summary>
    public static IReadOnlyList<int> ExampleShape(string name) => name switch
    {
        Mnist or FashionMnist => [1, 28, 28],
        Cifar10 => [3, 32, 32],
        Imdb => [TextVocabulary.MaxLength],
        _ => throw new ArgumentException($"unknown dataset '{name}'; known: {string.Join(", ", All)}"),
    };

    /// <summary>True when the dataset's inputs are token ids (int64), which only an embedding reads.</summary>
    public static bool HoldsTokenIds(string name) => name == Imdb;
}
