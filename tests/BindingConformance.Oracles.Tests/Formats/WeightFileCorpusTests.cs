using BindingConformance.Oracles.Formats;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Formats;

/// <summary>
/// The C# readers reach the outcome the shared corpus names for every file; the Python
/// (test_malformed_corpus.py) and Node (safetensors_corpus.test.mjs) readers run the same corpus.
/// </summary>
public sealed class WeightFileCorpusTests : IDisposable
{
    private static readonly WeightFileCorpus Corpus = WeightFileCorpus.Load();

    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("weight-file-corpus-");

    public void Dispose() => scratch.Delete(recursive: true);

    public static TheoryData<string> CaseNames => new(Corpus.Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Reader_reaches_the_expected_outcome(string name)
    {
        var corpusCase = Corpus.Cases.Single(c => c.Name == name);
        var path = corpusCase.PathIn(scratch.FullName);

        var outcome = Outcome(corpusCase.Format, path);

        outcome.Should().Be((corpusCase.Expected, corpusCase.Reason), corpusCase.Why);
    }

    [Fact]
    public void Readers_declare_the_corpus_bounds()
    {
        WeightFileBounds.MaxHeaderBytes.Should().Be(Corpus.MaxHeaderBytes);
        WeightFileBounds.MaxTensors.Should().Be(Corpus.MaxTensors);
        WeightFileBounds.MaxRank.Should().Be(Corpus.MaxRank);
    }

    [Fact]
    public void The_header_bomb_is_refused_without_reading_its_header()
    {
        var bomb = Corpus.Cases.Single(c => c.Name == "header-bomb-1.5-million-empty-tensors");
        var path = bomb.PathIn(scratch.FullName);
        new FileInfo(path).Length.Should().BeGreaterThan(80_000_000, "it is the reported bomb");

        var before = GC.GetAllocatedBytesForCurrentThread();
        FluentActions.Invoking(() => SafetensorsReader.Read(path)).Should().Throw<WeightFileFormatException>()
            .Which.Violation.Should().Be(FormatViolation.HeaderTooLarge);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThan(1_000_000, "the length field alone refuses it; the 85 MB header is never read");
    }

    private static (string Expected, string? Reason) Outcome(string format, string path)
    {
        try
        {
            switch (format)
            {
                case "safetensors":
                    SafetensorsReader.Read(path);
                    break;
                case "torchsharp":
                    TorchSharpFormatValidator.Validate(path);
                    break;
                default:
                    throw new InvalidDataException($"expected.json names an unknown format '{format}'");
            }
            return ("ok", null);
        }
        catch (WeightFileFormatException e)
        {
            e.FilePath.Should().Be(path);
            e.Message.Should().StartWith($"{path}: not a valid {format} file: ");
            return ("rejected", e.Violation.Keyword());
        }
    }
}
