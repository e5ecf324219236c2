using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BindingConformance.Oracles.Tests.Formats;

/// <summary>
/// The shared weight-file corpus (fixtures/formats/malformed, copied beside the tests as Formats/Corpus):
/// expected.json names every case's outcome; make_corpus.py beside it is the specification of each case.
/// </summary>
public sealed record WeightFileCorpus(
    [property: JsonPropertyName("max_header_bytes")] int MaxHeaderBytes,
    [property: JsonPropertyName("max_tensors")] int MaxTensors,
    [property: JsonPropertyName("max_rank")] int MaxRank,
    [property: JsonPropertyName("cases")] IReadOnlyList<WeightFileCase> Cases)
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Formats", "Corpus");

    public static WeightFileCorpus Load() =>
        JsonSerializer.Deserialize<WeightFileCorpus>(File.ReadAllText(Path.Combine(Folder, "expected.json")))
        ?? throw new InvalidDataException("expected.json is empty");
}

/// <summary>One corpus case: a committed file, or parameters from which each language generates it.</summary>
public sealed record WeightFileCase(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("file")] string? File,
    [property: JsonPropertyName("generated")] GeneratedFile? Generated,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("why")] string Why)
{
    /// <summary>The case's file: the committed one, or the generated one written into <paramref name="scratch"/>.</summary>
    public string PathIn(string scratch)
    {
        if (Generated is null) return Path.Combine(WeightFileCorpus.Folder, File!);
        var path = Path.Combine(scratch, Name);
        System.IO.File.WriteAllBytes(path, Generated.Bytes());
        return path;
    }
}

/// <summary>Parameters of a generated case; <see cref="Bytes"/> writes exactly what make_corpus.generated writes.</summary>
public sealed record GeneratedFile(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("tensors")] int Tensors,
    [property: JsonPropertyName("closed")] bool Closed)
{
    /// <summary><see cref="Tensors"/> empty uint8 tensors named t0, t1, ... and no data.</summary>
    public byte[] Bytes()
    {
        if (Format == "safetensors")
        {
            var header = new StringBuilder("{");
            for (var i = 0; i < Tensors; i++)
                header.Append(i > 0 ? "," : "").Append($"\"t{i}\":{{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}");
            if (Closed) header.Append('}');
            var json = Encoding.UTF8.GetBytes(header.ToString());
            var bytes = new byte[8 + json.Length];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
            json.CopyTo(bytes, 8);
            return bytes;
        }
        // TorchSharp format: the entry count, then per tensor the key, dtype 0 (uint8), rank 1, size 0.
        using var stream = new MemoryStream();
        Uleb128(stream, (ulong)Tensors);
        for (var i = 0; i < Tensors; i++)
        {
            var key = Encoding.UTF8.GetBytes($"t{i}");
            Uleb128(stream, (ulong)key.Length);
            stream.Write(key);
            stream.Write([0, 1, 0]);
        }
        return stream.ToArray();
    }

    private static void Uleb128(Stream stream, ulong value)
    {
        do
        {
            var low = (byte)(value & 0x7F);
            value >>= 7;
            stream.WriteByte(value == 0 ? low : (byte)(low | 0x80));
        }
        while (value != 0);
    }
}
