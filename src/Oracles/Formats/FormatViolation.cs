namespace BindingConformance.Oracles.Formats;

/// <summary>
/// Which part of the weight-file rule (docs/formats.md) a file breaks. The Python and JavaScript readers
/// report the same causes by their keywords (<see cref="FormatViolations.Keyword"/>), and the shared
/// corpus in fixtures/formats/malformed expects them.
/// </summary>
public enum FormatViolation
{
    /// <summary>The file does not exist.</summary>
    Missing,
    /// <summary>The file ends before a length, field or tensor it announces.</summary>
    Truncated,
    /// <summary>The safetensors header length is over <see cref="WeightFileBounds.MaxHeaderBytes"/>.</summary>
    HeaderTooLarge,
    /// <summary>More tensors than <see cref="WeightFileBounds.MaxTensors"/>.</summary>
    TooManyTensors,
    /// <summary>Not valid UTF-8 or JSON, or a field of the wrong kind.</summary>
    Malformed,
    UnknownDtype,
    /// <summary>A tensor name (or any key of a header object) is given twice.</summary>
    DuplicateName,
    ReversedRange,
    /// <summary>A byte range ends past the data buffer.</summary>
    OutOfBounds,
    /// <summary>prod(non-zero dimensions) × element size reaches 2^63.</summary>
    SizeOverflow,
    /// <summary>A byte range is not prod(shape) × element size long.</summary>
    SizeMismatch,
    /// <summary>Two tensors claim the same bytes.</summary>
    Overlap,
    /// <summary>Bytes before or between tensors belong to no tensor.</summary>
    Gap,
    /// <summary>Bytes after the last tensor.</summary>
    TrailingBytes,
    /// <summary>A pickle that imports or runs what no state dict needs (a global outside the allowed ones, an opcode outside the weights-only set).</summary>
    Code,
}
