using System.Buffers.Binary;
using System.Text;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.PythonTorch;

/// <summary>
/// The Python worker's own safetensors and TorchSharp-format readers reject malformed files with a
/// clear error naming the file and the cause, without allocating what the file claims, and the worker
/// keeps serving afterwards (the byte layouts are in shared/docs/FORMATS.md).
/// </summary>
[Collection(TrainedLeNet5Collection.Name)]
public sealed class MalformedWeightFileTests(TrainedLeNet5 trained)
{
    public static TheoryData<string, byte[], string> MalformedSafetensors => new()
    {
        { "header length beyond the file", [.. U64(1_000_000_000_000), .. "{}"u8], "exceeds the file's remaining 2 bytes" },
        { "header not JSON", Safetensors("{\"w\": [", 0), "header is not valid JSON" },
        { "header not an object", Safetensors("[1, 2]", 0), "header is not a JSON object" },
        { "unknown dtype", Safetensors("""{"w": {"dtype": "Q7", "shape": [1], "data_offsets": [0, 4]}}""", 4), "unknown dtype 'Q7'" },
        { "shape and range disagree", Safetensors("""{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}""", 4), "data_offsets span 4 bytes" },
        { "range outside the buffer", Safetensors("""{"w": {"dtype": "F32", "shape": [1000000000], "data_offsets": [0, 4000000000]}}""", 4), "lie outside the 4-byte data buffer" },
        { "overlapping ranges", Safetensors("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}""", 8), "must not overlap" },
        { "negative size", Safetensors("""{"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 0]}}""", 0), "invalid shape" },
    };

    public static TheoryData<string, byte[], string> MalformedTorchSharp => new()
    {
        { "empty file", [], "file ends inside the ULEB128 entry count" },
        { "entry count beyond the file", Uleb128(1UL << 40), "entry count 1099511627776 exceeds the file size" },
        { "ULEB128 longer than 64 bits", [.. Uleb128(1), .. Enumerable.Repeat((byte)0xFF, 11)], "longer than 64 bits" },
        { "unknown dtype code", [.. Uleb128(1), .. Key("w"), .. Uleb128(8), .. Uleb128(1), .. Uleb128(1), 0, 0, 0, 0], "unknown or unsupported dtype code 8" },
        { "absurd rank", [.. Uleb128(1), .. Key("w"), .. Uleb128(6), .. Uleb128(200)], "rank 200" },
        { "sizes claim more bytes than remain", [.. Uleb128(1), .. Key("w"), .. Uleb128(6), .. Uleb128(2), .. Uleb128(1UL << 30), .. Uleb128(1UL << 30), 0, 0, 0, 0], "needs 4611686018427387904 bytes but only 4 remain" },
        { "bytes left over", [.. Uleb128(1), .. Key("w"), .. Uleb128(6), .. Uleb128(1), .. Uleb128(1), 0, 0, 128, 63, 7], "1 bytes left over after 1 entries" },
        { "key not UTF-8", [.. Uleb128(1), .. Uleb128(2), 0xC3, 0x28], "key is not UTF-8" },
    };

    [Theory]
    [MemberData(nameof(MalformedSafetensors))]
    public Task Safetensors_reader_rejects(string malformation, byte[] bytes, string expected) =>
        ExpectRejection(ModelFormat.Safetensors, malformation, bytes, expected);

    [Theory]
    [MemberData(nameof(MalformedTorchSharp))]
    public Task TorchSharp_format_reader_rejects(string malformation, byte[] bytes, string expected) =>
        ExpectRejection(ModelFormat.TorchSharp, malformation, bytes, expected);

    private async Task ExpectRejection(ModelFormat format, string malformation, byte[] bytes, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"malformed-{Guid.NewGuid():N}.{format}");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var evaluate = () => trained.Python.EvaluateAsync(trained.Evaluate(format, path));

            var error = await evaluate.Should().ThrowAsync<OracleException>(malformation);
            error.Which.Message.Should().Contain(path).And.Contain(expected);
            trained.Python.Probe().Available.Should().BeTrue("a rejected file fails the request, not the worker");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Safetensors(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        return [.. U64((ulong)json.Length), .. json, .. new byte[dataBytes]];
    }

    private static byte[] Uleb128(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var low = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? low : (byte)(low | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Key(string key)
    {
        var utf8 = Encoding.UTF8.GetBytes(key);
        return [.. Uleb128((ulong)utf8.Length), .. utf8];
    }
}
