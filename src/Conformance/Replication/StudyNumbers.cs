using System.Globalization;

namespace BindingConformance.Replication;

/// <summary>Parses the numbers the study's bindings printed (invariant culture, any of their float spellings).</summary>
internal static class StudyNumbers
{
    public static double Parse(string text, string path)
    {
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            return value;
        throw new InvalidDataException($"{path}: '{text.Trim()}' is not a finite number");
    }

    public static bool? ParseBoolean(string text) =>
        text.Trim().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => null,
        };

    /// <summary>The non-blank lines of a file, trimmed.</summary>
    public static string[] Lines(string path) =>
        File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
}
