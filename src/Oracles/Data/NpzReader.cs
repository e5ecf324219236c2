using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Data;

/// <summary>
/// Reads numpy's <c>.npz</c> (a zip of <c>.npy</c> arrays, as <c>numpy.savez</c> and <c>savez_compressed</c> write them) as
/// hostile input: numeric arrays only (an object array is a pickle, and is refused), little-endian, C order, each entry's
/// bytes exactly its shape's, bounded in count and size before anything is allocated. Floating arrays become F32 and integer
/// arrays I64, the two input types of the dataset cache.
/// </summary>
public static partial class NpzReader
{
    /// <summary>Most arrays one file may hold (a dataset has four).</summary>
    public const int MaxArrays = 64;

    /// <summary>Largest array, in bytes as stored: what a byte array holds.</summary>
    public const long MaxArrayBytes = int.MaxValue - 64;

    private const int MaxHeaderBytes = 64 * 1024;
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The arrays of the file by name (the entry name without <c>.npy</c>).</summary>
    /// <exception cref="InvalidDataException">One line naming the file, the array and the cause.</exception>
    public static IReadOnlyDictionary<string, NamedTensor> Read(string path)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw Invalid(path, e is FileNotFoundException ? "file not found" : $"not a zip archive ({OneLine.Of(e.Message)})");
        }
        using (archive)
        {
            if (archive.Entries.Count > MaxArrays) throw Invalid(path, $"{archive.Entries.Count} entries, more than the {MaxArrays} a dataset may have");
            var arrays = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal) || entry.FullName.Contains('/'))
                    throw Invalid(path, $"entry '{entry.FullName}' is not an .npy array at the top of the archive");
                var name = entry.FullName[..^4];
                if (!arrays.TryAdd(name, ReadArray(path, name, entry))) throw Invalid(path, $"array '{name}' appears twice");
            }
            return arrays;
        }
    }

    private static NamedTensor ReadArray(string path, string name, ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var prefix = ReadExactly(stream, Magic.Length + 2, path, name, "its header");
        if (!prefix.AsSpan(0, Magic.Length).SequenceEqual(Magic)) throw Invalid(path, $"array '{name}' is not an .npy array (no \\x93NUMPY magic)");
        var major = prefix[Magic.Length];
        var lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw Invalid(path, $"array '{name}' has .npy version {major}.{prefix[Magic.Length + 1]}; versions 1 to 3 are read"),
        };
        var lengthField = ReadExactly(stream, lengthBytes, path, name, "its header length");
        var headerLength = lengthBytes == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField) : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        if (headerLength > MaxHeaderBytes) throw Invalid(path, $"array '{name}' announces a {headerLength}-byte header, more than {MaxHeaderBytes}");
        var header = Encoding.Latin1.GetString(ReadExactly(stream, (int)headerLength, path, name, "its header"));
        var match = HeaderPattern().Match(header);
        if (!match.Success) throw Invalid(path, $"array '{name}' has a header this reader does not understand: {OneLine.Of(header)}");
        var fields = match.Groups["field"].Captures.Select(c => c.Value).ToArray();
        var values = match.Groups["value"].Captures.Select(c => c.Value.Trim()).ToArray();
        string Field(string key) => fields.Contains(key) ? values[Array.IndexOf(fields, key)]
            : throw Invalid(path, $"array '{name}' has no '{key}' in its header");
        if (fields.Distinct().Count() != fields.Length || fields.Length != 3) throw Invalid(path, $"array '{name}' header must hold exactly descr, fortran_order and shape");
        var descr = Field("descr").Trim('\'');
        if (descr.Contains('O')) throw Invalid(path, $"array '{name}' is an object array (dtype {descr}): its contents are pickles, which are never loaded");
        var (kind, size) = Dtype(path, name, descr);
        if (Field("fortran_order") != "False") throw Invalid(path, $"array '{name}' is in Fortran order; save it in C order (numpy's default)");
        var shape = Shape(path, name, Field("shape"));
        var bytes = WeightFileBounds.ByteSize(shape.Select(d => (ulong)d), size);
        if (bytes is null || bytes > MaxArrayBytes) throw Invalid(path, $"array '{name}' of shape [{string.Join(", ", shape)}] is larger than {MaxArrayBytes} bytes");
        var data = ReadExactly(stream, (int)bytes, path, name, $"its {bytes} bytes of data");
        if (stream.ReadByte() >= 0) throw Invalid(path, $"array '{name}' has bytes after its [{string.Join(", ", shape)}] data");
        return Convert(name, kind, size, shape, data);
    }

    private static (char Kind, int Size) Dtype(string path, string name, string descr)
    {
        var m = DtypePattern().Match(descr);
        if (!m.Success) throw Invalid(path, $"array '{name}' has dtype '{descr}'; numeric little-endian dtypes are read (<f4, <f8, <i8, |u1, …)");
        var kind = m.Groups["kind"].Value[0];
        var size = int.Parse(m.Groups["size"].Value, CultureInfo.InvariantCulture);
        var known = kind == 'f' ? size is 2 or 4 or 8 : size is 1 or 2 or 4 or 8;
        if (!known || (size > 1 && m.Groups["order"].Value == "|")) throw Invalid(path, $"array '{name}' has dtype '{descr}', which this reader does not read");
        return (kind, size);
    }

    private static long[] Shape(string path, string name, string text)
    {
        var inner = text.Trim().TrimStart('(').TrimEnd(')');
        var parts = inner.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > WeightFileBounds.MaxRank) throw Invalid(path, $"array '{name}' has rank {parts.Length}, more than {WeightFileBounds.MaxRank}");
        return parts.Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d
            : throw Invalid(path, $"array '{name}' has shape {text}, not a tuple of sizes")).ToArray();
    }

    private static NamedTensor Convert(string name, char kind, int size, long[] shape, byte[] data)
    {
        var count = (int)(data.Length / size);
        if (kind == 'f')
        {
            var floats = new float[count];
            for (var i = 0; i < count; i++)
                floats[i] = size switch
                {
                    2 => (float)BinaryPrimitives.ReadHalfLittleEndian(data.AsSpan(i * 2)),
                    4 => BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(i * 4)),
                    _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(i * 8)),
                };
            return NamedTensor.FromFloats(name, floats, shape);
        }
        var longs = new long[count];
        for (var i = 0; i < count; i++)
        {
            var at = data.AsSpan(i * size);
            longs[i] = (kind, size) switch
            {
                ('i', 1) => (sbyte)at[0],
                ('i', 2) => BinaryPrimitives.ReadInt16LittleEndian(at),
                ('i', 4) => BinaryPrimitives.ReadInt32LittleEndian(at),
                ('i', _) => BinaryPrimitives.ReadInt64LittleEndian(at),
                (_, 1) => at[0],
                (_, 2) => BinaryPrimitives.ReadUInt16LittleEndian(at),
                (_, 4) => BinaryPrimitives.ReadUInt32LittleEndian(at),
                // A uint64 past long.MaxValue is no class id or token id: clamp, so the range check after reading refuses it.
                _ => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(at), long.MaxValue),
            };
        }
        return NamedTensor.FromInt64(name, longs, shape);
    }

    private static byte[] ReadExactly(Stream stream, int count, string path, string name, string what)
    {
        var buffer = new byte[count];
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw Invalid(path, $"array '{name}' ends before {what}");
        }
        catch (InvalidDataException e)
        {
            throw Invalid(path, $"array '{name}' cannot be decompressed ({OneLine.Of(e.Message)})");
        }
        return buffer;
    }

    private static InvalidDataException Invalid(string path, string cause) => new($"{path}: not a valid .npz file: {cause}");

    // numpy's header: a Python dict literal of exactly three keys, padded with spaces and ending in a newline.
    [GeneratedRegex(@"^\{\s*(?:'(?<field>descr|fortran_order|shape)'\s*:\s*(?<value>'[^']*'|True|False|\([0-9,\s]*\))\s*,?\s*)+\}\s*$")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"^(?<order>[<|=])(?<kind>[fiu])(?<size>[0-9]+)$")]
    private static partial Regex DtypePattern();
}
