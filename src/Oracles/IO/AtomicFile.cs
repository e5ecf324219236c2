using System.Text.RegularExpressions;

namespace BindingConformance.IO;

/// <summary>
/// The one rule for every file the product writes (docs/cli-errors-and-interruption.md, "Outputs"): readers see either
/// the old content or the new one, never a torn file, and nothing that is not a regular file is ever replaced.
/// <list type="bullet">
/// <item>a missing or regular file: the bytes go to a temporary sibling, are flushed to disk, and the sibling is renamed
/// over the target;</item>
/// <item>a symbolic link is followed: its final target, when that is a regular file, is replaced as above and the link
/// stays; a link to nothing or to anything else is refused;</item>
/// <item>a folder, a device node, a FIFO or a socket is refused (<see cref="OutputException"/>), before anything is written.</item>
/// </list>
/// A file system that refuses the write (read-only, full, no permission) gives an <see cref="OutputException"/> naming the path.
/// </summary>
public static partial class AtomicFile
{
    public static void WriteAllText(string path, string contents) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(contents);
        });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; an exception of <paramref name="write"/> leaves the old file as it was.</summary>
    /// <exception cref="OutputException">The target is not a regular file, or the file system refused the write.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        var target = Target(path);
        var temp = Temporary(target);
        try
        {
            using (var stream = Create(temp, target))
            {
                write(stream);
                Io(target, () => stream.Flush(flushToDisk: true));
            }
            Io(target, () => File.Move(temp, target, overwrite: true));
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Renames <paramref name="source"/> over <paramref name="path"/> by the same rule, e.g. to promote a received snapshot
    /// (across file systems .NET copies and deletes instead).
    /// </summary>
    /// <exception cref="OutputException">The target is not a regular file, or the file system refused.</exception>
    public static void Replace(string source, string path)
    {
        var target = Target(path);
        Io(target, () => File.Move(source, target, overwrite: true));
    }

    /// <summary>
    /// Copies a file, or a folder file by file (a TensorFlow.js layers model is a folder), each written by this rule. Only
    /// regular files are copied: a link, device or FIFO in <paramref name="source"/> is refused rather than read through,
    /// so a copy never carries a file from outside the folder it was asked for.
    /// </summary>
    /// <exception cref="IOException">The source holds something that is not a regular file or folder.</exception>
    public static void Copy(string source, string path)
    {
        switch (FileKinds.Of(source))
        {
            case FileKind.Directory:
                foreach (var entry in Directory.EnumerateFileSystemEntries(source))
                    Copy(entry, Path.Combine(path, Path.GetFileName(entry)));
                return;
            case FileKind.Regular:
                Write(path, stream =>
                {
                    using var input = File.OpenRead(source);
                    input.CopyTo(stream);
                });
                return;
            case var kind:
                throw new IOException($"{source} is {FileKinds.Describe(kind)}; only regular files are copied");
        }
    }

    /// <summary>Creates the folder <paramref name="path"/> (and its parents) where outputs go.</summary>
    /// <exception cref="OutputException">Something else is there, or the file system refused.</exception>
    public static void CreateFolder(string path)
    {
        var full = Path.GetFullPath(path);
        Io(full, () => Directory.CreateDirectory(full));
    }

    /// <summary>
    /// Why <paramref name="path"/> may not be written by this rule (<c>is a character device, not a regular file</c>), or
    /// null: the check a command makes on an output option before any work, so that nothing runs for an output it cannot keep.
    /// </summary>
    public static string? WhyNotWritable(string path)
    {
        try
        {
            Target(path);
            return null;
        }
        catch (OutputException e)
        {
            return e.Message;
        }
    }

    /// <summary>The file a write to <paramref name="path"/> replaces: itself, or a symbolic link's final target.</summary>
    /// <exception cref="OutputException">That is not a regular file (or not there, for a link).</exception>
    public static string Target(string path)
    {
        var full = Path.GetFullPath(path);
        var kind = FileKinds.Of(full);
        if (kind == FileKind.SymbolicLink)
        {
            var target = Io(full, () => File.ResolveLinkTarget(full, returnFinalTarget: true))!.FullName;
            var targetKind = FileKinds.Of(target);
            return targetKind == FileKind.Regular ? target
                : throw new OutputException(targetKind == FileKind.Missing
                    ? $"{full} is a symbolic link to {target}, which does not exist; outputs follow links only to regular files"
                    : $"{full} is a symbolic link to {target}, which is {FileKinds.Describe(targetKind)}; outputs follow links only to regular files");
        }
        return kind switch
        {
            FileKind.Missing or FileKind.Regular => full,
            FileKind.Directory => throw new OutputException($"{full} is a folder; give a file name"),
            _ => throw new OutputException($"{full} is {FileKinds.Describe(kind)}, not a regular file; outputs never replace one"),
        };
    }

    private static string Temporary(string target)
    {
        CreateFolder(Path.GetDirectoryName(target)!);
        return $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
    }

    private static FileStream Create(string temp, string target) =>
        Io(target, () => new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None));

    private static void Io(string target, Action action) => Io(target, () =>
    {
        action();
        return 0;
    });

    private static T Io<T>(string target, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not OutputException)
        {
            throw Failure(target, e);
        }
    }

    private static OutputException Failure(string target, Exception e) => new($"cannot write {target}: {Cause(e)}", e);

    /// <summary>The system's reason without .NET's <c> : 'path'</c> suffix, which may name the temporary file.</summary>
    private static string Cause(Exception e) => e is UnauthorizedAccessException ? "permission denied" : PathSuffix().Replace(e.Message, "");

    [GeneratedRegex(@" : '[^']*'$")]
    private static partial Regex PathSuffix();
}
