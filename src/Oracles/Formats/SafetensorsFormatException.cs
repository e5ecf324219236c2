namespace BindingConformance.Oracles.Formats;

/// <summary>A file is not a valid safetensors file; the message names the file and the cause.</summary>
public sealed class SafetensorsFormatException(string path, string cause)
    : FormatException($"{path}: not a valid safetensors file: {cause}")
{
    public string FilePath { get; } = path;

    public string Cause { get; } = cause;
}
