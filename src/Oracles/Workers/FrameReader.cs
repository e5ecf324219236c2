using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// Reads protocol frames (PROTOCOL.md) and validates them before allocating: a header larger than
/// <see cref="MaxHeaderBytes"/>, invalid JSON, an unknown dtype or a bad shape is a
/// <see cref="InvalidDataException"/>; a stream that ends inside a frame is an <see cref="EndOfStreamException"/>.
/// </summary>
public sealed class FrameReader(Stream stream)
{
    /// <summary>Largest header a peer may send; anything bigger is a corrupt stream, not a reply.</summary>
    public const int MaxHeaderBytes = 64 * 1024 * 1024;

    /// <summary>The next frame, or null when the stream ended cleanly between frames.</summary>
    /// <param name="heard">Called whenever bytes arrive, also inside a frame: a sign of life for stall detection.</param>
    public async Task<Frame?> ReadAsync(Action? heard = null, CancellationToken cancellationToken = default)
    {
        var prefix = new byte[4];
        var got = await ReadFullyAsync(prefix, heard, cancellationToken);
        if (got == 0) return null;
        if (got < prefix.Length) throw new EndOfStreamException($"stream ended inside a frame's length prefix ({got} of 4 bytes)");
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw new InvalidDataException($"frame header length {headerLength} exceeds {MaxHeaderBytes} bytes (first bytes {Convert.ToHexString(prefix)})");

        var headerBytes = new byte[headerLength];
        await ReadExactlyAsync(headerBytes, "header", heard, cancellationToken);
        var header = ParseHeader(headerBytes);
        var specs = TensorSpecs(header);
        var tensors = new List<NamedTensor>(specs.Count);
        foreach (var (name, dtype, shape, length) in specs)
        {
            var data = new byte[length];
            await ReadExactlyAsync(data, $"tensor '{name}'", heard, cancellationToken);
            tensors.Add(new NamedTensor(name, dtype, shape, data));
        }
        return new Frame(header, tensors);
    }

    private static JsonObject ParseHeader(byte[] bytes)
    {
        try
        {
            return JsonNode.Parse(Encoding.UTF8.GetString(bytes)) as JsonObject
                ?? throw new InvalidDataException("frame header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"frame header is not valid JSON: {e.Message}", e);
        }
    }

    private static List<(string Name, TensorDtype Dtype, long[] Shape, int Length)> TensorSpecs(JsonObject header)
    {
        var specs = new List<(string, TensorDtype, long[], int)>();
        if (header["tensors"] is null) return specs;
        if (header["tensors"] is not JsonArray list) throw new InvalidDataException("frame header 'tensors' is not a list");
        try
        {
            foreach (var node in list)
            {
                var name = node?["name"]?.GetValue<string>() ?? throw new InvalidDataException("frame tensor without a name");
                var dtypeName = node["dtype"]?.GetValue<string>();
                if (dtypeName is null || !TensorDtypes.TryParse(dtypeName, out var dtype))
                    throw new InvalidDataException($"frame tensor '{name}' has unknown dtype '{dtypeName}'");
                var shape = node["shape"] is JsonArray dims
                    ? dims.Select(d => d?.GetValue<long>() ?? throw new InvalidDataException($"frame tensor '{name}' has a null size")).ToArray()
                    : throw new InvalidDataException($"frame tensor '{name}' has no shape list");
                if (shape.Any(size => size < 0)) throw new InvalidDataException($"frame tensor '{name}' has a negative size in [{string.Join(", ", shape)}]");
                var length = NamedTensor.ByteLength(dtype, shape);
                if (length > Array.MaxLength) throw new InvalidDataException($"frame tensor '{name}' claims {length} bytes");
                specs.Add((name, dtype, shape, (int)length));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"frame header has an invalid tensor list: {e.Message}", e);
        }
        return specs;
    }

    private async Task ReadExactlyAsync(byte[] buffer, string what, Action? heard, CancellationToken cancellationToken)
    {
        var got = await ReadFullyAsync(buffer, heard, cancellationToken);
        if (got < buffer.Length) throw new EndOfStreamException($"stream ended inside a frame's {what} ({got} of {buffer.Length} bytes)");
    }

    private async Task<int> ReadFullyAsync(byte[] buffer, Action? heard, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0) break;
            heard?.Invoke();
            total += read;
        }
        return total;
    }
}
