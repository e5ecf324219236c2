namespace BindingConformance.Oracles.Formats;

/// <summary>Sizes and names of <see cref="TensorDtype"/> values.</summary>
public static class TensorDtypes
{
    public static int ElementSize(this TensorDtype dtype) => dtype switch
    {
        TensorDtype.F32 or TensorDtype.I32 => 4,
        TensorDtype.F64 or TensorDtype.I64 => 8,
        TensorDtype.U8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>Parses a safetensors dtype string (exact, case-sensitive as the format specifies).</summary>
    public static bool TryParse(string text, out TensorDtype dtype)
    {
        foreach (var candidate in Enum.GetValues<TensorDtype>())
        {
            if (candidate.ToString() == text)
            {
                dtype = candidate;
                return true;
            }
        }
        dtype = default;
        return false;
    }
}
