namespace BindingConformance.Oracles.Data;

/// <summary>Names of the datasets the catalog can convert, as used in model specs and cache file names.</summary>
public static class DatasetNames
{
    public const string Mnist = "mnist";
    public const string FashionMnist = "fashion_mnist";
    public const string Imdb = "imdb";
    public const string Cifar10 = "cifar10";

    public static IReadOnlyList<string> All { get; } = [Mnist, FashionMnist, Imdb, Cifar10];
}
