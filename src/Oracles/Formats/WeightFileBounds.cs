using System.Numerics;

namespace BindingConformance.Oracles.Formats;

/// <summary>
/// The bounds every weight-file reader applies before it parses or allocates anything, the same numbers
/// in the Python and JavaScript readers (why these numbers: docs/formats.md).
/// </summary>
public static class WeightFileBounds
{
    /// <summary>Largest safetensors header: <see cref="MaxTensors"/> entries of 512 bytes each.</summary>
    public const int MaxHeaderBytes = 8 * 1024 * 1024;

    /// <summary>Most tensors one file may hold.</summary>
    public const int MaxTensors = 16384;

    /// <summary>Highest tensor rank (numpy holds at most 32 dimensions, libtorch 64; our models use 4).</summary>
    public const int MaxRank = 16;

    /// <summary>Bytes a tensor occupies, or null where prod(non-zero dimensions) × element size reaches 2^63.</summary>
    /// <remarks>2^63 is what numpy, libtorch and a long can count, so a shape past it is refused even when a zero dimension empties it.</remarks>
    public static long? ByteSize(IEnumerable<ulong> shape, int elementSize)
    {
        BigInteger product = elementSize;
        var empty = false;
        foreach (var dimension in shape)
        {
            if (dimension == 0) empty = true;
            else product *= dimension;
            // Dimensions are at least 1, so the product only grows: stop before a long shape makes it huge.
            if (product > long.MaxValue) return null;
        }
        return empty ? 0 : (long)product;
    }
}
