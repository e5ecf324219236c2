using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace BindingConformance.Fixtures;

/// <summary>One committed file of a fixture: its path relative to the manifest's folder and the SHA-256 of its bytes.</summary>
public sealed record FixtureFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    /// <summary>Describes the file at <paramref name="relativePath"/> under <paramref name="directory"/> as it is now.</summary>
    public static FixtureFile Of(string directory, string relativePath) =>
        new(relativePath, HashOf(System.IO.Path.Combine(directory, relativePath)));

    /// <summary>Why the file under <paramref name="directory"/> is not the one the manifest recorded, or null when it is.</summary>
    public string? WhyChanged(string directory)
    {
        var full = System.IO.Path.Combine(directory, Path);
        if (!File.Exists(full)) return $"fixture file {Path} is missing";
        var actual = HashOf(full);
        return actual == Sha256 ? null : $"fixture file {Path} has sha256 {actual}, the manifest records {Sha256} (changed or corrupt)";
    }

    private static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
