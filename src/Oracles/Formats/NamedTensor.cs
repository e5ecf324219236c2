using System.Runtime.InteropServices;

namespace BindingConformance.Oracles.Formats;

/// <summary>A named, row-major, little-endian tensor held as raw bytes.</summary>
public sealed class NamedTensor
{
    public NamedTensor(string name, TensorDtype dtype, IReadOnlyList<long> shape, byte[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (shape.Any(d => d < 0)) throw new ArgumentException($"tensor '{name}' has a negative dimension: [{string.Join(", ", shape)}]");
        var expected = ByteLength(dtype, shape);
        if (expected != data.Length)
            throw new ArgumentException($"tensor '{name}' ({dtype} [{string.Join(", ", shape)}]) needs {expected} bytes, got {data.Length}");
        Name = name;
        Dtype = dtype;
        Shape = shape.ToArray();
        Data = data;
    }

    public string Name { get; }

    public TensorDtype Dtype { get; }

    public IReadOnlyList<long> Shape { get; }

    public byte[] Data { get; }

    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));

    public static NamedTensor FromFloats(string name, float[] values, params long[] shape) =>
        new(name, TensorDtype.F32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static NamedTensor FromDoubles(string name, double[] values, params long[] shape) =>
        new(name, TensorDtype.F64, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static NamedTensor FromInt64(string name, long[] values, params long[] shape) =>
        new(name, TensorDtype.I64, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static NamedTensor FromInt32(string name, int[] values, params long[] shape) =>
        new(name, TensorDtype.I32, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static NamedTensor FromBytes(string name, byte[] values, params long[] shape) =>
        new(name, TensorDtype.U8, shape, values);

    /// <summary>The first <paramref name="count"/> rows (entries of the first axis), e.g. a batch of a dataset split.</summary>
    public NamedTensor FirstRows(int count)
    {
        var rowBytes = Shape[0] == 0 ? 0 : Data.Length / Shape[0];
        long[] shape = [count, .. Shape.Skip(1)];
        return new NamedTensor(Name, Dtype, shape, Data[..checked((int)(count * rowBytes))]);
    }

    public float[] ToFloats() => Values<float>(TensorDtype.F32);

    public double[] ToDoubles() => Values<double>(TensorDtype.F64);

    public long[] ToInt64() => Values<long>(TensorDtype.I64);

    public int[] ToInt32() => Values<int>(TensorDtype.I32);

    /// <summary>Every element as a double, whatever the dtype: what numeric comparisons of whole state dicts read (an I64 step counter beside F32 weights).</summary>
    public double[] AsDoubles() => Dtype switch
    {
        TensorDtype.F32 => Array.ConvertAll(ToFloats(), v => (double)v),
        TensorDtype.F64 => ToDoubles(),
        TensorDtype.I64 => Array.ConvertAll(ToInt64(), v => (double)v),
        TensorDtype.I32 => Array.ConvertAll(ToInt32(), v => (double)v),
        TensorDtype.U8 => Array.ConvertAll(Data, v => (double)v),
        _ => throw new InvalidOperationException($"tensor '{Name}' has an unknown dtype {Dtype}"),
    };

    /// <summary>Number of bytes a tensor of this dtype and shape occupies; throws on overflow.</summary>
    public static long ByteLength(TensorDtype dtype, IEnumerable<long> shape) =>
        checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * dtype.ElementSize());

    private T[] Values<T>(TensorDtype expected) where T : unmanaged
    {
        if (Dtype != expected) throw new InvalidOperationException($"tensor '{Name}' is {Dtype}, not {expected}");
        return MemoryMarshal.Cast<byte, T>(Data).ToArray();
    }
}
