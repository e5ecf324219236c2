using System.Security.Cryptography;
using BindingConformance.IO;

namespace BindingConformance.Repro;

/// <summary>
/// Files named inside a folder that came from elsewhere (a bundle, a copied run), which is hostile input: a name must be a
/// plain relative path (no root, no <c>..</c>, no backslash or control character), and every folder on the way and the
/// file itself must be real, not links, so that nothing it names can lie outside it.
/// </summary>
public static class BundleFiles
{
    /// <summary>The full path of <paramref name="relative"/> inside <paramref name="directory"/>, whatever is there; refuses a name that could leave it.</summary>
    /// <exception cref="InvalidDataException">The name is absolute, climbs out, or holds a backslash or control character.</exception>
    public static string Inside(string directory, string relative)
    {
        var segments = relative.Split('/');
        if (relative.Length == 0 || Path.IsPathRooted(relative) || relative.Any(c => c == '\\' || char.IsControl(c))
            || segments.Any(s => s is "" or "." or ".."))
            throw new InvalidDataException($"'{Printable(relative)}' is not a plain relative path inside {directory}");
        return Path.Combine(Path.GetFullPath(directory), Path.Combine(segments));
    }

    /// <summary>
    /// The full path of the regular file <paramref name="relative"/> inside <paramref name="directory"/>, reached through
    /// real folders only.
    /// </summary>
    /// <exception cref="InvalidDataException">As <see cref="Inside"/>, or the path is missing, a link, or not a regular file.</exception>
    public static string RegularFile(string directory, string relative) => Existing(directory, relative, FileKind.Regular);

    /// <summary>As <see cref="RegularFile"/>, for a folder (a TensorFlow.js layers model).</summary>
    public static string Folder(string directory, string relative) => Existing(directory, relative, FileKind.Directory);

    /// <summary>Every entry under <paramref name="folder"/>, relative to <paramref name="directory"/> with '/' separators; links and special files refused.</summary>
    public static IEnumerable<string> FilesUnder(string directory, string folder)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, entry).Replace('\\', '/');
            switch (FileKinds.Of(entry))
            {
                case FileKind.Directory:
                    foreach (var file in FilesUnder(directory, entry)) yield return file;
                    break;
                case FileKind.Regular:
                    yield return relative;
                    break;
                case var kind:
                    throw new InvalidDataException($"{Printable(relative)} is {FileKinds.Describe(kind)}; only regular files and folders are read");
            }
        }
    }

    /// <summary>The SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Text from a bundle, shown in one line with its control characters (newlines, terminal escapes) made visible.</summary>
    public static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));

    private static string Existing(string directory, string relative, FileKind wanted)
    {
        var full = Inside(directory, relative);
        var root = Path.GetFullPath(directory);
        var path = root;
        var segments = relative.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            path = Path.Combine(path, segments[i]);
            var kind = FileKinds.Of(path);
            var expected = i == segments.Length - 1 ? wanted : FileKind.Directory;
            if (kind != expected)
                throw new InvalidDataException(kind == FileKind.Missing
                    ? $"{Printable(relative)} is missing from {root}"
                    : $"{Printable(Path.GetRelativePath(root, path))} in {root} is {FileKinds.Describe(kind)}, not {FileKinds.Describe(expected)}; only regular files and folders are read");
        }
        return full;
    }
}
