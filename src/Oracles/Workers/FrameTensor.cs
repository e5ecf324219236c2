using System.Runtime.InteropServices;
using BindingConformance.Oracles.Data;

namespace BindingConformance.Oracles.Workers;

/// <summary>A tensor carried in a frame's payload: raw little-endian row-major bytes plus dtype and shape.</summary>
public sealed class FrameTensor
{
    public FrameTensor(string name, FrameDtype dtype, IReadOnlyList<long> shape, byte[] data)
    {
        var expected = ByteLength(name, dtype, shape);
        if (data.LongLength != expected)
            throw new ArgumentException($"frame tensor '{name}' has {data.LongLength} bytes; {dtype} {Describe(shape)} needs {expected}");
        Name = name;
        Dtype = dtype;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }

    public FrameDtype Dtype { get; }

    public IReadOnlyList<long> Shape { get; }

    public byte[] Data { get; }

    public static FrameTensor FromFloats(string name, float[] values, params long[] shape) =>
        new(name, FrameDtype.F32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static FrameTensor FromInt32s(string name, int[] values, params long[] shape) =>
        new(name, FrameDtype.I32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>The <c>batch_order</c> tensor of a train request: I32 [epochs, train_count].</summary>
    public static FrameTensor BatchOrder(BatchOrder order)
    {
        var count = order.Epochs.Count == 0 ? 0 : order.Epochs[0].Length;
        return FromInt32s("batch_order", order.Epochs.SelectMany(e => e).ToArray(), order.Epochs.Count, count);
    }

    public float[] ToFloats() => MemoryMarshal.Cast<byte, float>(Expect(FrameDtype.F32)).ToArray();

    public int[] ToInt32s() => MemoryMarshal.Cast<byte, int>(Expect(FrameDtype.I32)).ToArray();

    /// <summary>Bytes a tensor of this dtype and shape occupies; throws on negative or overflowing shapes.</summary>
    public static long ByteLength(string name, FrameDtype dtype, IReadOnlyList<long> shape)
    {
        if (!Enum.IsDefined(dtype)) throw new ArgumentException($"frame tensor '{name}' has unknown dtype {(int)dtype}");
        long count = 1;
        foreach (var size in shape)
        {
            if (size < 0) throw new ArgumentException($"frame tensor '{name}' has a negative size in shape {Describe(shape)}");
            count = checked(count * size);
        }
        return checked(count * ElementSize(dtype));
    }

    public static int ElementSize(FrameDtype dtype) => dtype switch
    {
        FrameDtype.F32 or FrameDtype.I32 => 4,
        FrameDtype.F64 or FrameDtype.I64 => 8,
        FrameDtype.U8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown frame dtype"),
    };

    private ReadOnlySpan<byte> Expect(FrameDtype dtype) =>
        Dtype == dtype ? Data : throw new InvalidOperationException($"frame tensor '{Name}' is {Dtype}, not {dtype}");

    private static string Describe(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape)}]";
}
