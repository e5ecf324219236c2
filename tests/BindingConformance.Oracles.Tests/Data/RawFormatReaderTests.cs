using System.IO.Compression;
using BindingConformance.Oracles.Data;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Data;

/// <summary>IDX and CIFAR-10 binary readers on small files generated here.</summary>
public sealed class RawFormatReaderTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("raw-formats-");

    public void Dispose() => folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(folder.FullName, name);

    private static byte[] Idx(byte type, int[] shape, byte[] data) =>
        [0, 0, type, (byte)shape.Length, .. shape.SelectMany(d => BitConverter.GetBytes(d).Reverse()), .. data];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_reads_shape_and_bytes_plain_or_gzipped(bool gzip)
    {
        var data = Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)(i * 10)).ToArray();
        var bytes = Idx(0x08, [2, 3, 4], data);
        var path = PathOf(gzip ? "images.gz" : "images");
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        var (shape, read) = IdxReader.Read(path);

        shape.Should().Equal(2, 3, 4);
        read.Should().Equal(data);
    }

    [Fact]
    public void Idx_rejects_bad_magic_type_truncation_and_leftovers()
    {
        void Expect(byte[] bytes, string message)
        {
            var path = PathOf($"bad-{Guid.NewGuid():N}");
            File.WriteAllBytes(path, bytes);
            FluentActions.Invoking(() => IdxReader.Read(path)).Should().Throw<InvalidDataException>().WithMessage($"{path}: {message}");
        }

        Expect([1, 0, 8, 1, 0, 0, 0, 1, 5], "not an IDX file*");
        Expect(Idx(0x0d, [1], [0, 0, 0, 0]), "IDX element type 0x0d is not unsigned byte*");
        Expect(Idx(0x08, [4], [1, 2]), "IDX file is truncated");
        Expect(Idx(0x08, [1], [1, 2]), "bytes left over*");
    }

    [Fact]
    public void Cifar10_records_become_scaled_channel_first_images()
    {
        var first = CifarRecord(label: 3, pixel: p => (byte)(p % 256));
        var second = CifarRecord(label: 9, pixel: _ => 255);
        var path = PathOf("data_batch_1.bin");
        File.WriteAllBytes(path, [.. first, .. second]);

        var examples = Cifar10BinaryReader.Read([path]);

        examples.Count.Should().Be(2);
        examples.Labels.Should().Equal(3, 9);
        examples.ExampleShape.Should().Equal(3, 32, 32);
        // Pixel 1024 is the first green value: channel-first layout keeps the file's R, G, B planes.
        examples.Inputs[1024].Should().Be(1024 % 256 / 255f);
        examples.Inputs[3072 + 5].Should().Be(1f);
    }

    [Fact]
    public void Cifar10_rejects_partial_records_and_bad_labels()
    {
        var partial = PathOf("partial.bin");
        File.WriteAllBytes(partial, CifarRecord(1, _ => 0)[..^1]);
        var badLabel = PathOf("label.bin");
        File.WriteAllBytes(badLabel, CifarRecord(10, _ => 0));

        FluentActions.Invoking(() => Cifar10BinaryReader.Read([partial])).Should().Throw<InvalidDataException>()
            .WithMessage("*3072 bytes is not a whole number of 3073-byte CIFAR-10 records");
        FluentActions.Invoking(() => Cifar10BinaryReader.Read([badLabel])).Should().Throw<InvalidDataException>()
            .WithMessage("*record 0 has label 10, not 0–9");
    }

    [Fact]
    public void Cifar10_catalog_converts_a_generated_batch_folder()
    {
        var source = Directory.CreateDirectory(PathOf("cifar-10-batches-bin"));
        foreach (var (batch, index) in Cifar10BinaryReader.TrainFiles.Append(Cifar10BinaryReader.TestFile).Select((f, i) => (f, i)))
            File.WriteAllBytes(Path.Combine(source.FullName, batch), [.. CifarRecord((byte)index, _ => 0), .. CifarRecord((byte)(index + 1), _ => 1)]);
        var catalog = new DatasetCatalog(PathOf("cache"), DatasetSources.Default with { Cifar10 = source.FullName });

        var data = catalog.Get(DatasetNames.Cifar10);

        data.TrainCount.Should().Be(10);
        data.TestCount.Should().Be(2);
        var file = Oracles.Formats.SafetensorsReader.Read(data.Path);
        file[DatasetCatalog.TestLabels].ToInt64().Should().Equal(5, 6);
        file[DatasetCatalog.TrainInputs].Shape.Should().Equal(10, 3, 32, 32);
    }

    [Fact]
    public void Cifar10_missing_source_says_what_to_do()
    {
        var catalog = new DatasetCatalog(PathOf("cache"), DatasetSources.Default with { Cifar10 = PathOf("absent") });
        catalog.Invoking(c => c.Get(DatasetNames.Cifar10)).Should().Throw<DatasetSourceMissingException>()
            .WithMessage("CIFAR-10 source not found at *absent/data_batch_1.bin: *BINDING_CONFORMANCE_CIFAR10");
    }

    private static byte[] CifarRecord(byte label, Func<int, byte> pixel) =>
        [label, .. Enumerable.Range(0, Cifar10BinaryReader.PixelBytes).Select(pixel)];
}
