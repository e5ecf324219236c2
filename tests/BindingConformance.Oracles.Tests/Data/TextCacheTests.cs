using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Data;

/// <summary>The IMDb conversion on the real npm reviews, the Fashion-MNIST conversion on the Debian IDX files, and the tokenizer.</summary>
public sealed class TextCacheTests
{
    [Fact]
    public void Tokenizer_lowercases_drops_markup_and_keeps_inner_apostrophes()
    {
        TextVocabulary.Tokenize("It's GREAT.<br />Not 'bad', 10/10!").Should().Equal("it's", "great", "not", "bad", "10", "10");
    }

    [Fact]
    public void Imdb_is_split_50_50_stratified_and_tokenized_with_front_padding()
    {
        var catalog = DatasetCatalog.Default;
        var data = catalog.Get(DatasetNames.Imdb);
        var file = SafetensorsReader.Read(data.Path);

        data.TrainCount.Should().Be(25_000);
        data.TestCount.Should().Be(25_000);
        file[DatasetCatalog.TrainInputs].Dtype.Should().Be(TensorDtype.I64);
        file[DatasetCatalog.TrainInputs].Shape.Should().Equal(25_000, TextVocabulary.MaxLength);
        file[DatasetCatalog.TrainLabels].ToInt64().Count(l => l == 1).Should().Be(12_500);
        file[DatasetCatalog.TestLabels].ToInt64().Count(l => l == 1).Should().Be(12_500);

        var ids = file[DatasetCatalog.TestInputs].ToInt64();
        ids.Should().OnlyContain(id => id >= 0 && id < TextVocabulary.Size);
        // Front padding: every review ends in a real token, which the recurrent models read last.
        Enumerable.Range(0, data.TestCount).Should().OnlyContain(r => ids[(r + 1) * TextVocabulary.MaxLength - 1] != TextVocabulary.PaddingId);

        var vocabulary = TextVocabulary.Load(catalog.ImdbVocabularyPath);
        vocabulary.Words.Should().HaveCount(TextVocabulary.Size - TextVocabulary.ReservedIds);
        vocabulary.Words[0].Should().Be("the");
    }

    [Fact]
    public void Fashion_mnist_keeps_the_official_60000_10000_split()
    {
        var data = DatasetCatalog.Default.Get(DatasetNames.FashionMnist, trainCount: 1000, testCount: 1000);
        var file = SafetensorsReader.Read(data.Path);

        file[DatasetCatalog.TrainInputs].Shape.Should().Equal(1000, 1, 28, 28);
        file.Metadata["split"].Should().Contain("60,000/10,000");
        file[DatasetCatalog.TrainInputs].ToFloats().Should().OnlyContain(p => p >= 0 && p <= 1);
        file[DatasetCatalog.TestLabels].ToInt64().Distinct().Should().HaveCount(10);
    }
}
