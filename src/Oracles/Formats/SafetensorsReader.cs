using System.Buffers.Binary;
using System.Text.Json;

namespace BindingConformance.Oracles.Formats;

/// <summary>
/// Reads safetensors files and validates the whole header (sizes, dtypes, byte ranges) before allocating
/// any tensor, so a hostile or truncated file fails with a <see cref="SafetensorsFormatException"/>.
/// </summary>
public static class SafetensorsReader
{
    public const string MetadataKey = "__metadata__";

    /// <summary>Header size cap of the reference implementation.</summary>
    public const long MaxHeaderBytes = 100_000_000;

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
            throw new SafetensorsFormatException(path, "file not found");
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

    private static List<Entry> ReadHeader(Stream stream, string name, out IReadOnlyDictionary<string, string> metadata, out long dataStart)
    {
        var fileLength = stream.Length;
        if (fileLength < 8) throw new SafetensorsFormatException(name, $"file is {fileLength} bytes, shorter than the 8-byte header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw new SafetensorsFormatException(name, $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte cap");
        if ((long)headerLength > fileLength - 8)
            throw new SafetensorsFormatException(name, $"header length {headerLength} exceeds the {fileLength - 8} bytes after the length field");

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        dataStart = 8 + (long)headerLength;
        var bufferLength = fileLength - dataStart;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(name, $"header is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new SafetensorsFormatException(name, "header is not a JSON object");
            metadata = new Dictionary<string, string>();
            var entries = new List<Entry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey) metadata = Metadata(property.Value, name);
                else entries.Add(ParseEntry(property, name, bufferLength));
            }
            CheckCoverage(entries, name, bufferLength);
            return entries;
        }
    }

    private static Dictionary<string, string> Metadata(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException(name, $"{MetadataKey} is not a JSON object");
        var metadata = new Dictionary<string, string>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
                throw new SafetensorsFormatException(name, $"{MetadataKey} value '{property.Name}' is not a string");
            metadata[property.Name] = property.Value.GetString()!;
        }
        return metadata;
    }

    private static Entry ParseEntry(JsonProperty property, string name, long bufferLength)
    {
        var tensor = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException(name, $"tensor '{tensor}' is not a JSON object");

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new SafetensorsFormatException(name, $"tensor '{tensor}' has no dtype string");
        var dtypeText = dtypeElement.GetString()!;
        if (!TensorDtypes.TryParse(dtypeText, out var dtype))
            throw new SafetensorsFormatException(name,
                $"tensor '{tensor}' has unknown dtype '{dtypeText}' (supported: {string.Join(", ", Enum.GetNames<TensorDtype>())})");

        var shape = Integers(value, "shape", tensor, name);
        var offsets = Integers(value, "data_offsets", tensor, name);
        if (offsets.Length != 2)
            throw new SafetensorsFormatException(name, $"tensor '{tensor}' data_offsets has {offsets.Length} values, not 2");
        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end)
            throw new SafetensorsFormatException(name, $"tensor '{tensor}' data_offsets [{begin}, {end}] are reversed");
        if (end > bufferLength)
            throw new SafetensorsFormatException(name,
                $"tensor '{tensor}' data_offsets [{begin}, {end}] lie outside the {bufferLength}-byte data buffer");

        long expected;
        try
        {
            expected = NamedTensor.ByteLength(dtype, shape);
        }
        catch (OverflowException)
        {
            throw new SafetensorsFormatException(name, $"tensor '{tensor}' shape [{string.Join(", ", shape)}] overflows");
        }
        if (expected != end - begin)
            throw new SafetensorsFormatException(name,
                $"tensor '{tensor}' is {dtype} [{string.Join(", ", shape)}] = {expected} bytes but its range holds {end - begin}");
        return new Entry(tensor, dtype, shape, begin, end);
    }

    private static long[] Integers(JsonElement value, string key, string tensor, string name)
    {
        if (!value.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new SafetensorsFormatException(name, $"tensor '{tensor}' has no {key} array");
        var result = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
                throw new SafetensorsFormatException(name, $"tensor '{tensor}' {key} holds {item.GetRawText()}, not a non-negative integer");
            result[i++] = number;
        }
        return result;
    }

    private static void CheckCoverage(List<Entry> entries, string name, long bufferLength)
    {
        long position = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin < position)
                throw new SafetensorsFormatException(name, $"tensor '{entry.Name}' range [{entry.Begin}, {entry.End}] overlaps the previous tensor");
            if (entry.Begin > position)
                throw new SafetensorsFormatException(name, $"bytes [{position}, {entry.Begin}) of the data buffer belong to no tensor");
            position = entry.End;
        }
        if (position != bufferLength)
            throw new SafetensorsFormatException(name, $"bytes [{position}, {bufferLength}) of the data buffer belong to no tensor");
    }
}
