using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BindingConformance.Caching;

/// <summary>
/// The SHA-256 of a dataset cache file, computed once per file version (path, length and last write time) in a process:
/// a cached training is reused only on the same bytes.
/// </summary>
public static class DatasetFingerprint
{
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> hashes = new();

    /// <summary>The file's hash, or <c>missing:PATH</c> when there is no such file (a harness's scripted data).</summary>
    public static string Of(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists) return $"missing:{path}";
        return hashes.GetOrAdd((file.FullName, file.Length, file.LastWriteTimeUtc), key =>
        {
            using var stream = File.OpenRead(key.Path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }
}
