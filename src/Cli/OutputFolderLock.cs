using BindingConformance.IO;

namespace BindingConformance.Cli;

/// <summary>
/// Keeps a second run from writing into the same output folder: an exclusive lock on <c>{folder}/.lock</c>, held
/// open until disposed. On Linux .NET takes it with <c>flock</c>, which the kernel drops when the holder exits,
/// so a run that crashed or was killed never blocks the next one. The empty file stays: deleting it on release
/// would let a waiting run lock the deleted file while a third locks a new one.
/// </summary>
public sealed class OutputFolderLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly FileStream file;

    private OutputFolderLock(FileStream file) => this.file = file;

    /// <exception cref="UsageException">Another run holds the folder, or it cannot be written (no permission, a read-only file system).</exception>
    public static OutputFolderLock Acquire(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot create the output folder {folder}: {e.Message}");
        }
        var path = Path.Combine(folder, FileName);
        if (FileKinds.Of(path) is not (FileKind.Missing or FileKind.Regular) and var kind)
            throw new UsageException($"{path} is {FileKinds.Describe(kind)}, not the run's lock file; remove it or give another --out");
        try
        {
            return new OutputFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            throw new UsageException($"{folder} is in use by another conformance run (it holds {path}); wait for it to finish or give another --out");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write to {folder}: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}");
        }
    }

    /// <summary>
    /// The lock is taken: .NET raises a sharing violation (on Unix, <c>flock</c>'s EWOULDBLOCK, 11, as the HResult; on
    /// Windows ERROR_SHARING_VIOLATION). Any other failure (a read-only file system, EROFS) is not "in use".
    /// </summary>
    private static bool IsHeldByAnother(IOException e) => e.HResult is 11 or unchecked((int)0x80070020);

    public void Dispose() => file.Dispose();
}
