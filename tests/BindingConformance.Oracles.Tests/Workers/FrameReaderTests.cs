using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using BindingConformance.Oracles.Workers;
using FluentAssertions;
using Xunit;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Tests.Workers;

public sealed class FrameReaderTests
{
    [Fact]
    public async Task Reads_back_what_the_writer_wrote()
    {
        using var stream = new MemoryStream();
        var order = new[] { 2, 0, 1 };
        await new FrameWriter(stream).WriteAsync(new Frame(
            new JsonObject { ["id"] = 4, ["op"] = "train" },
            [NamedTensor.FromInt32("batch_order", order, 1, 3), NamedTensor.FromFloats("w", [0.25f], 1)]));
        stream.Position = 0;

        var frame = await new FrameReader(stream).ReadAsync();

        frame!.Header["op"]!.GetValue<string>().Should().Be("train");
        frame.Tensors.Select(t => t.Name).Should().Equal("batch_order", "w");
        frame.Tensors[0].ToInt32().Should().Equal(order);
        frame.Tensors[1].ToFloats().Should().Equal(0.25f);
        (await new FrameReader(stream).ReadAsync()).Should().BeNull("the stream ended between frames");
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("""{"tensors": [{"name": "x", "dtype": "F16", "shape": [1]}]}""", "unknown dtype 'F16'")]
    [InlineData("""{"tensors": [{"name": "x", "dtype": "F32", "shape": [-1]}]}""", "negative size")]
    [InlineData("""{"tensors": [{"name": "x", "dtype": "F32"}]}""", "no shape")]
    [InlineData("""{"tensors": 3}""", "not a list")]
    public async Task Rejects_invalid_headers(string header, string expected)
    {
        var read = () => new FrameReader(new MemoryStream(Encode(header))).ReadAsync();

        (await read.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain(expected);
    }

    [Fact]
    public async Task Rejects_a_huge_header_length_without_allocating_it()
    {
        var read = () => new FrameReader(new MemoryStream(Encoding.ASCII.GetBytes("Traceback"))).ReadAsync();

        (await read.Should().ThrowAsync<InvalidDataException>()).Which.Message.Should().Contain("exceeds");
    }

    [Fact]
    public async Task A_stream_ending_inside_the_payload_is_an_end_of_stream()
    {
        var bytes = Encode("""{"tensors": [{"name": "x", "dtype": "F64", "shape": [2]}]}""").Concat(new byte[8]).ToArray();

        var read = () => new FrameReader(new MemoryStream(bytes)).ReadAsync();

        (await read.Should().ThrowAsync<EndOfStreamException>()).Which.Message.Should().Contain("tensor 'x'").And.Contain("8 of 16");
    }

    private static byte[] Encode(string header)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[4 + json.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)json.Length);
        json.CopyTo(bytes, 4);
        return bytes;
    }
}
