using BindingConformance.Oracles.Tests.Formats;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.PythonTorch;

/// <summary>
/// Through the Python worker, files of the shared corpus (fixtures/formats/malformed) fail the request
/// with a clear error naming the file and the cause, and the worker keeps serving afterwards; every
/// corpus case is checked against the readers themselves by test_malformed_corpus.py.
/// </summary>
[Collection(TrainedLeNet5Collection.Name)]
public sealed class MalformedWeightFileTests(TrainedLeNet5 trained)
{
    [Theory]
    [InlineData("header-over-the-cap.safetensors", "exceeds the 8388608-byte cap")]
    [InlineData("invalid-json.safetensors", "header is not valid JSON")]
    [InlineData("dtype-not-a-string.safetensors", "has no dtype string")]
    [InlineData("range-of-4-gb.safetensors", "lie outside the 4-byte data buffer")]
    [InlineData("duplicate-name-same-range.safetensors", "header repeats the key 'w'")]
    [InlineData("overlapping-ranges.safetensors", "overlaps the previous tensor")]
    [InlineData("trailing-bytes.safetensors", "bytes [4, 8) after the last tensor belong to no tensor")]
    public Task Safetensors_reader_rejects(string file, string expected) =>
        ExpectRejection(ModelFormat.Safetensors, file, expected);

    [Theory]
    [InlineData("entry-count-beyond-the-file.dat", "entry count 1000 exceeds the file size 2")]
    [InlineData("unknown-dtype-code.dat", "unknown or unsupported dtype code 8")]
    [InlineData("rank-over-the-cap.dat", "has rank 17, more than 16")]
    [InlineData("sizes-overflow-64-bits.dat", "too large to count in 63 bits")]
    [InlineData("duplicate-key.dat", "key 'w' appears twice")]
    [InlineData("trailing-bytes.dat", "1 bytes left over after 1 entries")]
    public Task TorchSharp_format_reader_rejects(string file, string expected) =>
        ExpectRejection(ModelFormat.TorchSharp, file, expected);

    private async Task ExpectRejection(ModelFormat format, string file, string expected)
    {
        var path = Path.Combine(WeightFileCorpus.Folder, file);
        var evaluate = () => trained.Python.EvaluateAsync(trained.Evaluate(format, path));

        var error = await evaluate.Should().ThrowAsync<OracleException>(file);
        error.Which.Message.Should().Contain(path).And.Contain(expected)
            .And.StartWith("pytorch-python worker could not 'evaluate'", "a rejected file fails the request, not the worker (which would be 'failed during')");
    }
}
