using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace BindingConformance.Oracles.Workers;

/// <summary>Writes protocol frames (PROTOCOL.md): u32 LE header length, UTF-8 JSON header, tensor payload.</summary>
public sealed class FrameWriter(Stream stream)
{
    public async Task WriteAsync(Frame frame, CancellationToken cancellationToken = default)
    {
        var header = (JsonObject)frame.Header.DeepClone();
        header["tensors"] = new JsonArray(frame.Tensors.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["dtype"] = t.Dtype.ToString(),
            ["shape"] = new JsonArray(t.Shape.Select(s => (JsonNode)s).ToArray()),
        }).ToArray());
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)json.Length);
        await stream.WriteAsync(length, cancellationToken);
        await stream.WriteAsync(json, cancellationToken);
        foreach (var tensor in frame.Tensors)
            await stream.WriteAsync(tensor.Data, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
