using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Unicode;

namespace BindingConformance.Oracles.Formats;

/// <summary>
/// Reads safetensors files by the one rule of docs/formats.md, shared with the Python and JavaScript
/// readers: the bounds are checked before the header is parsed, and the whole header (names, sizes,
/// dtypes, byte ranges) before any tensor is allocated, so a hostile or truncated file fails with a
/// <see cref="WeightFileFormatException"/>.
/// </summary>
public static class SafetensorsReader
{
    public const string MetadataKey = "__metadata__";

    public static SafetensorsFile Read(string path)
    {
        using var stream = Open(path);
        return Read(stream, path);
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Violation(path, FormatViolation.Missing, "file not found");
        }
    }

    /// <summary>Reads and validates the header only and returns its metadata (cheap for large files).</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var stream = Open(path);
        ReadHeader(stream, path, out var metadata, out _);
        return metadata;
    }

    /// <summary>Reads from a seekable stream; <paramref name="name"/> names the source in error messages.</summary>
    public static SafetensorsFile Read(Stream stream, string name)
    {
        var entries = ReadHeader(stream, name, out var metadata, out var dataStart);
        var tensors = new List<NamedTensor>(entries.Count);
        foreach (var entry in entries)
        {
            var data = new byte[entry.End - entry.Begin];
            stream.Position = dataStart + entry.Begin;
            stream.ReadExactly(data);
            tensors.Add(new NamedTensor(entry.Name, entry.Dtype, entry.Shape, data));
        }
        return new SafetensorsFile(tensors, metadata);
    }

    private sealed record Entry(string Name, TensorDtype Dtype, long[] Shape, long Begin, long End);

    private static WeightFileFormatException Violation(string name, FormatViolation violation, string cause) =>
        new(name, ModelFormat.Safetensors, violation, cause);

    private static List<Entry> ReadHeader(Stream stream, string name, out IReadOnlyDictionary<string, string> metadata, out long dataStart)
    {
        var fileLength = stream.Length;
        if (fileLength < 8) throw Violation(name, FormatViolation.Truncated, $"file is {fileLength} bytes, shorter than the 8-byte header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > WeightFileBounds.MaxHeaderBytes)
            throw Violation(name, FormatViolation.HeaderTooLarge, $"header length {headerLength} exceeds the {WeightFileBounds.MaxHeaderBytes}-byte cap");
        if ((long)headerLength > fileLength - 8)
            throw Violation(name, FormatViolation.Truncated, $"header length {headerLength} exceeds the {fileLength - 8} bytes after the length field");

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        dataStart = 8 + (long)headerLength;
        var bufferLength = fileLength - dataStart;

        // Every tensor entry is a JSON object and a structural '{' cannot be escaped, so this bounds the
        // tensor count before parsing (the root and __metadata__ are the two other objects).
        var objects = headerBytes.AsSpan().Count((byte)'{');
        if (objects > WeightFileBounds.MaxTensors + 2)
            throw Violation(name, FormatViolation.TooManyTensors,
                $"header holds {objects} JSON objects, more than the cap of {WeightFileBounds.MaxTensors} tensors allows");
        if (!Utf8.IsValid(headerBytes)) throw Violation(name, FormatViolation.Malformed, "header is not valid UTF-8");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw Violation(name, FormatViolation.Malformed, $"header is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (RepeatedKey(document.RootElement) is { } repeated)
                throw Violation(name, FormatViolation.DuplicateName, $"header repeats the key '{repeated}'");
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Violation(name, FormatViolation.Malformed, "header is not a JSON object");
            metadata = new Dictionary<string, string>();
            var described = new List<JsonProperty>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey) metadata = Metadata(property.Value, name);
                else described.Add(property);
            }
            if (described.Count > WeightFileBounds.MaxTensors)
                throw Violation(name, FormatViolation.TooManyTensors, $"header holds {described.Count} tensors, more than the cap of {WeightFileBounds.MaxTensors}");
            var entries = described.Select(property => ParseEntry(property, name, bufferLength)).ToList();
            CheckTiling(entries, name, bufferLength);
            return entries;
        }
    }

    /// <summary>The first key repeated within one object (a JSON reader would keep only one of them), or null.</summary>
    private static string? RepeatedKey(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!keys.Add(property.Name)) return property.Name;
                if (RepeatedKey(property.Value) is { } inner) return inner;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                if (RepeatedKey(item) is { } inner) return inner;
        }
        return null;
    }

    private static Dictionary<string, string> Metadata(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Violation(name, FormatViolation.Malformed, $"{MetadataKey} is not a JSON object");
        var metadata = new Dictionary<string, string>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
                throw Violation(name, FormatViolation.Malformed, $"{MetadataKey} value '{property.Name}' is not a string");
            metadata[property.Name] = property.Value.GetString()!;
        }
        return metadata;
    }

    private static Entry ParseEntry(JsonProperty property, string name, long bufferLength)
    {
        var tensor = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
            throw Violation(name, FormatViolation.Malformed, $"tensor '{tensor}' is not a JSON object");

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Violation(name, FormatViolation.Malformed, $"tensor '{tensor}' has no dtype string");
        var dtypeText = dtypeElement.GetString()!;
        if (!TensorDtypes.TryParse(dtypeText, out var dtype))
            throw Violation(name, FormatViolation.UnknownDtype,
                $"tensor '{tensor}' has unknown dtype '{dtypeText}' (supported: {string.Join(", ", Enum.GetNames<TensorDtype>())})");

        var shape = Counts(value, "shape", tensor, name);
        if (shape.Length > WeightFileBounds.MaxRank)
            throw Violation(name, FormatViolation.Malformed, $"tensor '{tensor}' has rank {shape.Length}, more than {WeightFileBounds.MaxRank}");
        var offsets = Counts(value, "data_offsets", tensor, name);
        if (offsets.Length != 2)
            throw Violation(name, FormatViolation.Malformed, $"tensor '{tensor}' data_offsets has {offsets.Length} values, not 2");
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end)
            throw Violation(name, FormatViolation.ReversedRange, $"tensor '{tensor}' data_offsets [{begin}, {end}] are reversed");
        if (end > (ulong)bufferLength)
            throw Violation(name, FormatViolation.OutOfBounds,
                $"tensor '{tensor}' data_offsets [{begin}, {end}] lie outside the {bufferLength}-byte data buffer");

        var described = $"{dtype} [{string.Join(", ", shape)}]";
        var size = WeightFileBounds.ByteSize(shape, dtype.ElementSize())
            ?? throw Violation(name, FormatViolation.SizeOverflow, $"tensor '{tensor}' {described} is too large to count in 63 bits");
        if ((ulong)size != end - begin)
            throw Violation(name, FormatViolation.SizeMismatch, $"tensor '{tensor}' is {described} = {size} bytes but its range holds {end - begin}");
        // The buffer and the size bound keep every offset and dimension within a long from here on.
        return new Entry(tensor, dtype, shape.Select(d => (long)d).ToArray(), (long)begin, (long)end);
    }

    /// <summary>JSON integers in [0, 2^64), the range every reader of the rule can hold exactly.</summary>
    private static ulong[] Counts(JsonElement value, string key, string tensor, string name)
    {
        if (!value.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Violation(name, FormatViolation.Malformed, $"tensor '{tensor}' has no {key} array");
        var result = new ulong[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetUInt64(out var number))
                throw Violation(name, FormatViolation.Malformed, $"tensor '{tensor}' {key} holds {item.GetRawText()}, not an integer in [0, 2^64)");
            result[i++] = number;
        }
        return result;
    }

    /// <summary>Sorted by (begin, end), the ranges must tile the data buffer: each starts where the previous ended.</summary>
    private static void CheckTiling(List<Entry> entries, string name, long bufferLength)
    {
        long position = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin < position)
                throw Violation(name, FormatViolation.Overlap, $"tensor '{entry.Name}' range [{entry.Begin}, {entry.End}] overlaps the previous tensor");
            if (entry.Begin > position)
                throw Violation(name, FormatViolation.Gap, $"bytes [{position}, {entry.Begin}) of the data buffer belong to no tensor");
            position = entry.End;
        }
        if (position != bufferLength)
            throw Violation(name, FormatViolation.TrailingBytes, $"bytes [{position}, {bufferLength}) after the last tensor belong to no tensor");
    }
}
