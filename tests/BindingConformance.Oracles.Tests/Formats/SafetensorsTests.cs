using System.Buffers.Binary;
using System.Text;
using BindingConformance.Oracles.Formats;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Formats;

public sealed class SafetensorsTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("safetensors-");

    public void Dispose() => folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(folder.FullName, name);

    [Fact]
    public void Round_trip_keeps_every_dtype_shape_value_and_metadata()
    {
        NamedTensor[] tensors =
        [
            NamedTensor.FromFloats("conv.weight", [1.5f, -2f, float.Epsilon, 3.25f, 0f, -0f], 1, 2, 3),
            NamedTensor.FromDoubles("f64", [Math.PI, -1e300], 2),
            NamedTensor.FromInt64("ids", [long.MinValue, 0, long.MaxValue], 3),
            NamedTensor.FromInt32("i32", [int.MinValue, 7], 2, 1),
            NamedTensor.FromBytes("u8", [0, 255, 128], 3),
            NamedTensor.FromFloats("scalar", [42f]),
            NamedTensor.FromFloats("empty", [], 0, 4),
        ];
        var path = PathOf("all.safetensors");
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["source"] = "test", ["ü"] = "ß" });

        var file = SafetensorsReader.Read(path);

        file.Tensors.Select(t => t.Name).Should().Equal(tensors.Select(t => t.Name));
        foreach (var expected in tensors)
        {
            var actual = file[expected.Name];
            actual.Dtype.Should().Be(expected.Dtype);
            actual.Shape.Should().Equal(expected.Shape);
            actual.Data.Should().Equal(expected.Data);
        }
        file["f64"].ToDoubles().Should().Equal(Math.PI, -1e300);
        file.Metadata.Should().BeEquivalentTo(new Dictionary<string, string> { ["source"] = "test", ["ü"] = "ß" });
        SafetensorsReader.ReadMetadata(path)["source"].Should().Be("test");
    }

    [Fact]
    public void Writer_aligns_the_data_buffer_to_8_bytes()
    {
        var path = PathOf("aligned.safetensors");
        SafetensorsWriter.Write(path, [NamedTensor.FromBytes("x", [1, 2, 3], 3)]);
        var bytes = File.ReadAllBytes(path);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        (headerLength % 8).Should().Be(0);
        bytes.Length.Should().Be(8 + (int)headerLength + 3);
    }

    [Fact]
    public void Reads_a_file_written_by_the_python_safetensors_layout()
    {
        // Hand-built exactly as the format specifies: no padding, offsets relative to the data buffer.
        var path = Craft("{\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[4,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}",
            [.. BitConverter.GetBytes(2.5f), .. BitConverter.GetBytes(-9)]);
        var file = SafetensorsReader.Read(path);
        file["a"].ToFloats().Should().Equal(2.5f);
        file["b"].ToInt32().Should().Equal(-9);
    }

    [Fact]
    public void Missing_file_is_rejected_naming_it()
    {
        var path = PathOf("absent.safetensors");
        FluentActions.Invoking(() => SafetensorsReader.Read(path)).Should().Throw<WeightFileFormatException>()
            .WithMessage($"{path}: not a valid safetensors file: file not found")
            .Which.Violation.Should().Be(FormatViolation.Missing);
    }

    [Fact]
    public void Writer_rejects_duplicate_and_reserved_names()
    {
        var path = PathOf("dup.safetensors");
        FluentActions.Invoking(() => SafetensorsWriter.Write(path, [NamedTensor.FromFloats("w", [1f], 1), NamedTensor.FromFloats("w", [2f], 1)]))
            .Should().Throw<ArgumentException>().WithMessage("tensor 'w' is given twice");
        FluentActions.Invoking(() => SafetensorsWriter.Write(path, [NamedTensor.FromFloats("__metadata__", [1f], 1)]))
            .Should().Throw<ArgumentException>().WithMessage("*reserved*");
    }

    private string Craft(string header, byte[] buffer)
    {
        var path = PathOf($"crafted-{Guid.NewGuid():N}.safetensors");
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + headerBytes.Length + buffer.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerBytes.Length);
        headerBytes.CopyTo(bytes, 8);
        buffer.CopyTo(bytes, 8 + headerBytes.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
