using System.Runtime.InteropServices;

namespace BindingConformance.IO;

/// <summary>
/// Tells what a path names without opening it: opening a FIFO blocks until a writer comes, and a device node is not a
/// file a model, report or snapshot can be. .NET reports no file type beyond "directory", so on Linux this asks the
/// kernel (<c>statx</c>, whose structure has one layout on every architecture); elsewhere it falls back to .NET's view.
/// </summary>
public static partial class FileKinds
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const int NoFollow = 0x100; // AT_SYMLINK_NOFOLLOW
    private const uint TypeField = 0x1; // STATX_TYPE
    private const int ModeOffset = 28; // stx_mode: after stx_mask, stx_blksize (u32), stx_attributes (u64), stx_nlink, stx_uid, stx_gid (u32)
    private const int NoSuchEntry = 2; // ENOENT
    private const int NotADirectory = 20; // ENOTDIR
    private const int NoSuchCall = 38; // ENOSYS

    /// <summary>The kind of <paramref name="path"/>; a symbolic link is reported as one, not as what it points to.</summary>
    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux()) return Portable(path);
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(CurrentDirectory, Path.GetFullPath(path), NoFollow, TypeField, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is NoSuchEntry or NotADirectory ? FileKind.Missing
                : error == NoSuchCall ? Portable(path)
                : throw new IOException($"cannot inspect {path}: {Marshal.GetPInvokeErrorMessage(error)}");
        }
        return (BitConverter.ToUInt16(buffer[ModeOffset..]) & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            var other => throw new IOException($"{path} has an unknown file type (mode 0x{other:x})"),
        };
    }

    /// <summary>The kind in words, for one-line errors: <c>a FIFO (named pipe)</c>.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => kind.ToString(),
    };

    /// <summary>
    /// Why <paramref name="path"/> cannot be read as an input file (a model, a batch, a report, a snapshot), or null when it
    /// is a regular file (or a symbolic link to one). Checked before opening, so that a FIFO never blocks a command.
    /// </summary>
    public static string? WhyNotInputFile(string path)
    {
        var kind = Of(path);
        if (kind == FileKind.SymbolicLink) kind = File.ResolveLinkTarget(path, returnFinalTarget: true) is { } target ? Of(target.FullName) : FileKind.Missing;
        return kind switch
        {
            FileKind.Regular => null,
            FileKind.Missing => $"no file at {path}",
            _ => $"{path} is {Describe(kind)}, not a regular file",
        };
    }

    private static FileKind Portable(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) return FileKind.SymbolicLink;
        if (Directory.Exists(path)) return FileKind.Directory;
        return info.Exists ? FileKind.Regular : FileKind.Missing;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
