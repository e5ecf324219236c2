using System.IO.Compression;
using System.Text;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Data;

/// <summary>
/// A spec's own examples (an <c>.npz</c> or a safetensors file in the cache layout) read as hostile input: numeric arrays
/// only, each checked against the spec, and every refusal one line naming the file, the array and the cause.
/// </summary>
public sealed class DatasetImportTests : IDisposable
{
    private static readonly ModelSpec Rows = new("Rows", "rows.npz", [4, 3], 2,
        [Layers.Gru("gru", 3, 5), Layers.Linear("fc", 5, 2)], new OptimizerSpec("adam", 0.01));

    private readonly string folder = Directory.CreateTempSubdirectory("dataset-import-").FullName;

    private readonly List<string> written = [];

    public void Dispose()
    {
        foreach (var directory in written.Append(folder)) Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void An_npz_of_numpy_arrays_becomes_a_cache_file_with_floats_and_int64_labels()
    {
        var path = Npz(("train_x", "<f8", "(3, 4, 3)", Doubles(36)), ("train_y", "<i4", "(3,)", Int32s(0, 1, 1)),
            ("test_x", "<f4", "(2, 4, 3)", Floats(24)), ("test_y", "|u1", "(2,)", [1, 0]));

        var data = new DatasetCatalog(Path.Combine(folder, "cache"), DatasetSources.Default).Import(path, Rows);

        (data.Name, data.TrainCount, data.TestCount).Should().Be(("data.npz", 3, 2));
        var file = SafetensorsReader.Read(data.Path);
        file[DatasetCatalog.TrainInputs].Should().Match<NamedTensor>(t => t.Dtype == TensorDtype.F32 && t.Shape.SequenceEqual(new long[] { 3, 4, 3 }));
        file[DatasetCatalog.TrainInputs].ToFloats()[5].Should().Be(0.5f);
        file[DatasetCatalog.TrainLabels].ToInt64().Should().Equal(0, 1, 1);
        file[DatasetCatalog.TestLabels].ToInt64().Should().Equal(1, 0);
    }

    [Theory]
    [InlineData("array 'train_x' is an object array (dtype |O): its contents are pickles, which are never loaded", "|O", "(1, 4, 3)")]
    [InlineData("array 'train_x' has dtype '>f4'; numeric little-endian dtypes are read (<f4, <f8, <i8, |u1, …)", ">f4", "(1, 4, 3)")]
    [InlineData("array 'train_x' ends before its 48 bytes of data", "<f4", "(1, 4, 3, 1, 1)x")]
    public void A_broken_array_is_refused_naming_it(string cause, string dtype, string shape)
    {
        var truncated = shape.EndsWith('x');
        var path = Npz(("train_x", dtype, truncated ? shape[..^1] : shape, truncated ? Floats(2) : Floats(12)));

        var read = () => NpzReader.Read(path);

        read.Should().Throw<InvalidDataException>().WithMessage($"{path}: not a valid .npz file: {cause}");
    }

    [Fact]
    public void A_fortran_ordered_array_and_trailing_bytes_are_refused()
    {
        var fortran = Npz(("a", "<f4", "(2, 2)", Floats(4), "True"));
        var trailing = Npz(("a", "<f4", "(2,)", Floats(3)));

        FluentActions.Invoking(() => NpzReader.Read(fortran)).Should().Throw<InvalidDataException>().WithMessage("*array 'a' is in Fortran order; save it in C order (numpy's default)");
        FluentActions.Invoking(() => NpzReader.Read(trailing)).Should().Throw<InvalidDataException>().WithMessage("*array 'a' has bytes after its [2] data");
    }

    [Theory]
    [InlineData("'train_y'[1] is 7, not a class id in [0, 2)", 7, 4)]
    [InlineData("'train_x' is [3, 4, 4]: model Rows takes examples of [4, 3]", 1, 4 * 4)]
    public void Examples_that_do_not_fit_the_spec_are_refused_on_import(string cause, int label, int exampleSize)
    {
        var shape = exampleSize == 16 ? "(3, 4, 4)" : "(3, 4, 3)";
        var path = Npz(("x_train", "<f4", shape, Floats(3 * (exampleSize == 16 ? 16 : 12))), ("y_train", "<i8", "(3,)", Int64s(0, label, 1)),
            ("x_test", "<f4", "(1, 4, 3)", Floats(12)), ("y_test", "<i8", "(1,)", Int64s(0)));

        var import = () => new DatasetCatalog(Path.Combine(folder, "cache"), DatasetSources.Default).Import(path, Rows);

        import.Should().Throw<InvalidDataException>().WithMessage($"{path}: {cause}");
    }

    [Fact]
    public void A_missing_array_names_what_the_file_has()
    {
        var path = Npz(("images", "<f4", "(1, 4, 3)", Floats(12)));

        var read = () => DatasetImport.Read(path);

        read.Should().Throw<InvalidDataException>().WithMessage($"{path}: no array 'train_x' (or 'x_train'); it has: images");
    }

    private string Npz(params (string Name, string Dtype, string Shape, byte[] Data, string Fortran)[] arrays)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("npz-").FullName, "data.npz");
        written.Add(Path.GetDirectoryName(path)!);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, dtype, shape, data, fortran) in arrays)
        {
            // numpy's layout: magic, version 1.0, a little-endian u16 header length, the dict padded with spaces to a multiple of 64.
            var header = $"{{'descr': '{dtype}', 'fortran_order': {fortran}, 'shape': {shape}, }}";
            header = header.PadRight((header.Length + 10 + 63) / 64 * 64 - 10) + "\n";
            using var entry = zip.CreateEntry(name + ".npy").Open();
            entry.Write([0x93, .. "NUMPY"u8, 1, 0, (byte)(header.Length & 0xff), (byte)(header.Length >> 8)]);
            entry.Write(Encoding.Latin1.GetBytes(header));
            entry.Write(data);
        }
        return path;
    }

    private string Npz(params (string Name, string Dtype, string Shape, byte[] Data)[] arrays) =>
        Npz(arrays.Select(a => (a.Name, a.Dtype, a.Shape, a.Data, "False")).ToArray());

    private static byte[] Floats(int count) => [.. Enumerable.Range(0, count).SelectMany(i => BitConverter.GetBytes(i / 10f))];

    private static byte[] Doubles(int count) => [.. Enumerable.Range(0, count).SelectMany(i => BitConverter.GetBytes(i / 10.0))];

    private static byte[] Int32s(params int[] values) => [.. values.SelectMany(BitConverter.GetBytes)];

    private static byte[] Int64s(params long[] values) => [.. values.SelectMany(BitConverter.GetBytes)];
}
