using BindingConformance.IO;

namespace BindingConformance.Repro;

/// <summary>
/// Writes a bundle whole: into a fresh sibling folder first, which then replaces the old bundle, so a bundle is never a
/// mix of two writes (no stale model file, no half-written folder) and a link where the bundle was is removed, never
/// written through.
/// </summary>
public static class BundleFolder
{
    public static void Write(string directory, Action<string> write)
    {
        var full = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(full)!;
        AtomicFile.CreateFolder(parent);
        var stage = Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var old = stage + ".old";
        try
        {
            AtomicFile.CreateFolder(stage);
            write(stage);
            switch (FileKinds.Of(full))
            {
                case FileKind.Missing:
                    break;
                case FileKind.Directory:
                    Directory.Move(full, old);
                    break;
                default:
                    File.Delete(full);
                    break;
            }
            Directory.Move(stage, full);
        }
        finally
        {
            if (Directory.Exists(stage)) Directory.Delete(stage, recursive: true);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
    }
}
