using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Tests.Formats;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Tfjs;

/// <summary>
/// Through the tfjs worker, files of the shared corpus (fixtures/formats/malformed) fail the request with
/// a message naming the file and the cause, before anything the file claims is allocated; every corpus
/// case is checked against the reader itself by safetensors_corpus.test.mjs.
/// </summary>
public sealed class TfjsSafetensorsRejectionTests(TfjsWorkerFixture fixture) : IClassFixture<TfjsWorkerFixture>
{
    [TfjsTheory]
    [InlineData("header-over-the-cap.safetensors", "header length 8388609 exceeds the 8388608-byte cap")]
    [InlineData("invalid-json.safetensors", "header is not valid JSON")]
    [InlineData("range-of-4-gb.safetensors", "byte range [0, 4000000000) runs past the end of the 4-byte data buffer")]
    [InlineData("unknown-dtype.safetensors", "unknown or unsupported dtype 'Q7'")]
    [InlineData("duplicate-name-distinct-ranges.safetensors", "header repeats the key 'w'")]
    [InlineData("metadata-value-not-a-string.safetensors", "__metadata__ is not an object of strings")]
    public async Task Malformed_file_is_rejected_with_its_cause(string file, string expectedCause)
    {
        var path = Path.Combine(WeightFileCorpus.Folder, file);
        var request = new EvaluateRequest(
            LinearSpec, new DatasetRef("mnist", Path.Combine(WeightFileCorpus.Folder, "unused.safetensors"), 1, 1), ModelFormat.Safetensors, path, Device.Cpu, Passes: 1);

        var evaluate = () => fixture.Oracle.EvaluateAsync(request);

        (await evaluate.Should().ThrowAsync<OracleException>())
            .Which.Message.Should().Contain($"invalid safetensors file {path}").And.Contain(expectedCause);
    }

    private static readonly ModelSpec LinearSpec = new(
        "linear", "mnist", [1, 28, 28], 10,
        [
            new LayerSpec(LayerKind.Flatten, "flatten", new Dictionary<string, double>()),
            new LayerSpec(LayerKind.Linear, "fc", new Dictionary<string, double> { ["in_features"] = 784, ["out_features"] = 10 }),
        ],
        new OptimizerSpec("sgd", 0.1));
}
