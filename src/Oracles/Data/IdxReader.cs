using System.Buffers.Binary;
using System.IO.Compression;

namespace BindingConformance.Oracles.Data;

/// <summary>
/// Reads unsigned-byte IDX files (the MNIST / Fashion-MNIST container), plain or gzip-compressed:
/// two zero bytes, type code 0x08, rank, then rank big-endian u32 sizes, then the bytes row-major.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Returns the sizes and the raw bytes; throws <see cref="InvalidDataException"/> naming the file and cause.</summary>
    public static (int[] Shape, byte[] Data) Read(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var gzip = file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        using var stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        try
        {
            return Read(stream, path);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: IDX file is truncated");
        }
    }

    private static (int[] Shape, byte[] Data) Read(Stream stream, string path)
    {
        Span<byte> header = stackalloc byte[4];
        stream.ReadExactly(header);
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException($"{path}: not an IDX file (magic {header[0]:x2} {header[1]:x2}, expected 00 00)");
        if (header[2] != UnsignedByteType)
            throw new InvalidDataException($"{path}: IDX element type 0x{header[2]:x2} is not unsigned byte (0x08)");
        var rank = header[3];
        if (rank == 0) throw new InvalidDataException($"{path}: IDX rank is 0");

        var shape = new int[rank];
        Span<byte> size = stackalloc byte[4];
        long count = 1;
        for (var i = 0; i < rank; i++)
        {
            stream.ReadExactly(size);
            var dim = BinaryPrimitives.ReadUInt32BigEndian(size);
            if (dim > int.MaxValue) throw new InvalidDataException($"{path}: IDX dimension {i} is {dim}");
            shape[i] = (int)dim;
            count *= dim;
            if (count > Array.MaxLength) throw new InvalidDataException($"{path}: IDX shape [{string.Join(", ", shape)}] is too large");
        }

        var data = new byte[count];
        stream.ReadExactly(data);
        if (stream.ReadByte() != -1)
            throw new InvalidDataException($"{path}: bytes left over after the {count} elements of shape [{string.Join(", ", shape)}]");
        return (shape, data);
    }
}
