using System.Text;
using System.Text.Json;

namespace BindingConformance.Oracles.Formats;

/// <summary>Writes safetensors files (layout in docs/formats.md).</summary>
public static class SafetensorsWriter
{
    /// <summary>Writes the file at <paramref name="path"/> by the product's one output rule (<see cref="IO.AtomicFile"/>).</summary>
    public static void Write(string path, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        IO.AtomicFile.Write(path, stream => Write(stream, tensors, metadata));

    public static void Write(Stream stream, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToArray();
        var duplicate = list.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"tensor '{duplicate.Key}' is given twice");
        if (list.Any(t => t.Name == SafetensorsReader.MetadataKey))
            throw new ArgumentException($"'{SafetensorsReader.MetadataKey}' is reserved and cannot name a tensor");

        var header = Header(list, metadata);
        // The reference implementation pads the header with spaces so the data buffer starts 8-byte aligned.
        var padding = (8 - header.Length % 8) % 8;
        var headerBytes = new byte[header.Length + padding];
        header.CopyTo(headerBytes, 0);
        headerBytes.AsSpan(header.Length).Fill((byte)' ');

        Span<byte> length = stackalloc byte[8];
        BitConverter.TryWriteBytes(length, (ulong)headerBytes.Length);
        if (!BitConverter.IsLittleEndian) length.Reverse();
        stream.Write(length);
        stream.Write(headerBytes);
        foreach (var tensor in list) stream.Write(tensor.Data);
    }

    private static byte[] Header(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(SafetensorsReader.MetadataKey);
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.Dtype.ToString());
                json.WriteStartArray("shape");
                foreach (var dim in tensor.Shape) json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Data.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
