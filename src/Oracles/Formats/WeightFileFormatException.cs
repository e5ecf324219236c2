namespace BindingConformance.Oracles.Formats;

/// <summary>
/// A file is not a valid weight file of its format; the message names the file and the cause, and
/// <see cref="Violation"/> names the broken rule of docs/formats.md.
/// </summary>
public sealed class WeightFileFormatException(string path, ModelFormat format, FormatViolation violation, string cause)
    : FormatException($"{path}: not a valid {format.WireName()} file: {cause}")
{
    public string FilePath { get; } = path;

    public ModelFormat Format { get; } = format;

    public FormatViolation Violation { get; } = violation;

    public string Cause { get; } = cause;
}
