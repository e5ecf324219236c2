using System.Buffers.Binary;
using System.Text;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Tfjs;

/// <summary>
/// The Node safetensors reader refuses malformed files with a message naming the cause, before it
/// allocates what the file claims (a 10^15-byte header, a 4 GB tensor).
/// </summary>
public sealed class TfjsSafetensorsRejectionTests(TfjsWorkerFixture fixture) : IClassFixture<TfjsWorkerFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tfjs-safetensors-").FullName;

    [TfjsTheory]
    [InlineData("header_longer_than_file", "header length 1000000000000000 is larger than the")]
    [InlineData("invalid_json", "header is not valid JSON")]
    [InlineData("range_past_end", "byte range [0, 4000000000) runs past the end of the 16-byte data buffer")]
    [InlineData("unknown_dtype", "unknown or unsupported dtype 'Q7'")]
    public async Task Malformed_file_is_rejected_with_its_cause(string malformation, string expectedCause)
    {
        var path = Path.Combine(folder, malformation + ".safetensors");
        File.WriteAllBytes(path, Malformed(malformation));
        var request = new EvaluateRequest(
            LinearSpec, new DatasetRef("mnist", Path.Combine(folder, "unused.safetensors"), 1, 1), ModelFormat.Safetensors, path, Device.Cpu, Passes: 1);

        var evaluate = () => fixture.Oracle.EvaluateAsync(request);

        (await evaluate.Should().ThrowAsync<OracleException>())
            .Which.Message.Should().Contain($"invalid safetensors file {path}").And.Contain(expectedCause);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly ModelSpec LinearSpec = new(
        "linear", "mnist", [1, 28, 28], 10,
        [
            new LayerSpec(LayerKind.Flatten, "flatten", new Dictionary<string, double>()),
            new LayerSpec(LayerKind.Linear, "fc", new Dictionary<string, double> { ["in_features"] = 784, ["out_features"] = 10 }),
        ],
        new OptimizerSpec("sgd", 0.1));

    private static byte[] Malformed(string malformation) => malformation switch
    {
        "header_longer_than_file" => SafetensorsBytes(1_000_000_000_000_000, "{}", 0),
        "invalid_json" => SafetensorsBytes(null, """{"fc.weight": {"dtype": "F32", """, 0),
        "range_past_end" => SafetensorsBytes(null, """{"fc.weight":{"dtype":"F32","shape":[1000000000],"data_offsets":[0,4000000000]}}""", 16),
        "unknown_dtype" => SafetensorsBytes(null, """{"fc.weight":{"dtype":"Q7","shape":[2],"data_offsets":[0,8]}}""", 8),
        _ => throw new ArgumentOutOfRangeException(nameof(malformation), malformation, null),
    };

    /// <summary>An 8-byte length (the real one unless <paramref name="claimedHeaderLength"/> is given), the header, then <paramref name="dataBytes"/> zero bytes.</summary>
    private static byte[] SafetensorsBytes(ulong? claimedHeaderLength, string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimedHeaderLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
