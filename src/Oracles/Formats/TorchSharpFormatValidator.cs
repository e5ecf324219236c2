using System.Text;

namespace BindingConformance.Oracles.Formats;

/// <summary>
/// Checks a TorchSharp <c>Module.save</c> state-dict file against the rule of docs/formats.md before
/// TorchSharp's own loader sees it: TorchSharp loads the second copy of a repeated key and ignores bytes
/// after the last entry, where the Python reader (torchsharp_format.py) refuses both. Tensor data is
/// skipped, not read, so checking a large file costs a pass over its headers only.
/// </summary>
public static class TorchSharpFormatValidator
{
    /// <summary>Longest key accepted, in UTF-8 bytes, as in the Python reader.</summary>
    public const int MaxKeyBytes = 64 * 1024;

    /// <summary>Element sizes of the TorchSharp ScalarType codes every reader supports (complex and bfloat16 are refused).</summary>
    private static readonly Dictionary<ulong, int> ElementSizes = new()
    {
        [0] = 1, [1] = 1, [2] = 2, [3] = 4, [4] = 8, [5] = 2, [6] = 4, [7] = 8, [11] = 1,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Throws <see cref="WeightFileFormatException"/> naming the first broken rule.</summary>
    public static void Validate(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new WeightFileFormatException(path, ModelFormat.TorchSharp, FormatViolation.Missing, "file not found");
        }
        using (stream) new Reader(path, stream).Check();
    }

    private sealed class Reader(string path, Stream stream)
    {
        private long Remaining => stream.Length - stream.Position;

        public void Check()
        {
            var count = Uleb128("entry count");
            if (count > WeightFileBounds.MaxTensors)
                throw Fail(FormatViolation.TooManyTensors, $"entry count {count} exceeds the cap of {WeightFileBounds.MaxTensors}");
            // Every entry takes at least 4 bytes (key length, dtype, rank and a size or an element).
            if ((long)count * 4 > stream.Length)
                throw Fail(FormatViolation.Truncated, $"entry count {count} exceeds the file size {stream.Length}");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0UL; i < count; i++)
            {
                var key = Key();
                if (!seen.Add(key)) throw Fail(FormatViolation.DuplicateName, $"key '{key}' appears twice");
                SkipTensor(key);
            }
            if (Remaining > 0) throw Fail(FormatViolation.TrailingBytes, $"{Remaining} bytes left over after {count} entries");
        }

        private string Key()
        {
            var length = Uleb128("key length");
            if (length > MaxKeyBytes) throw Fail(FormatViolation.Malformed, $"key length {length} exceeds {MaxKeyBytes}");
            if ((long)length > Remaining) throw Fail(FormatViolation.Truncated, $"key needs {length} bytes but only {Remaining} remain");
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw Fail(FormatViolation.Malformed, $"key is not UTF-8 ({e.Message})");
            }
        }

        private void SkipTensor(string key)
        {
            var code = Uleb128($"dtype of '{key}'");
            if (!ElementSizes.TryGetValue(code, out var elementSize))
                throw Fail(FormatViolation.UnknownDtype, $"tensor '{key}' has unknown or unsupported dtype code {code}");
            var rank = Uleb128($"rank of '{key}'");
            if (rank > WeightFileBounds.MaxRank)
                throw Fail(FormatViolation.Malformed, $"tensor '{key}' has rank {rank}, more than {WeightFileBounds.MaxRank}");
            var shape = new ulong[rank];
            for (var i = 0; i < shape.Length; i++) shape[i] = Uleb128($"size {i} of '{key}'");
            var described = $"dtype {code} [{string.Join(", ", shape)}]";
            var size = WeightFileBounds.ByteSize(shape, elementSize)
                ?? throw Fail(FormatViolation.SizeOverflow, $"tensor '{key}' {described} is too large to count in 63 bits");
            if (size > Remaining)
                throw Fail(FormatViolation.Truncated, $"tensor '{key}' ({described}) needs {size} bytes but only {Remaining} remain");
            stream.Seek(size, SeekOrigin.Current);
        }

        /// <summary>An unsigned LEB128 of at most 10 bytes whose value fits in 64 bits.</summary>
        private ulong Uleb128(string what)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var next = stream.ReadByte();
                if (next < 0) throw Fail(FormatViolation.Truncated, $"file ends inside the ULEB128 {what}");
                var bits = (ulong)(next & 0x7F);
                if (shift == 63 && bits > 1) throw Fail(FormatViolation.Malformed, $"ULEB128 {what} is longer than 64 bits");
                value |= bits << shift;
                if ((next & 0x80) == 0) return value;
                if (shift + 7 > 63) throw Fail(FormatViolation.Malformed, $"ULEB128 {what} is longer than 64 bits");
            }
        }

        private WeightFileFormatException Fail(FormatViolation violation, string cause) =>
            new(path, ModelFormat.TorchSharp, violation, $"at byte {stream.Position}: {cause}");
    }
}
