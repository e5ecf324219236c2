namespace BindingConformance.Shards;

/// <summary>
/// Copies what a shard's report points into (its saved models, its repro bundles and its probes' captures: <c>models/</c>,
/// <c>repro/</c>, <c>probe-artifacts/</c>) into the
/// merged output folder, at the same relative paths, so every link of the merged report resolves. Shards are cut by subject, so
/// no two shards write the same file; one that does is refused rather than overwritten, and so is anything but a regular file
/// or folder (a shard folder is input from another machine).
/// </summary>
public static class ShardFiles
{
    private static readonly string[] Folders = ["models", Repro.ReproBundle.Folder, Runs.ProbeRuns.ArtifactFolder];

    /// <returns>How many files were copied.</returns>
    /// <exception cref="InvalidDataException">A link or special file in a shard, or a file two shards both hold.</exception>
    public static int Copy(string shardFolder, string mergedFolder)
    {
        var copied = 0;
        foreach (var folder in Folders.Select(f => Path.Combine(shardFolder, f)).Where(Directory.Exists))
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(entry);
            var relative = Path.GetRelativePath(shardFolder, entry);
            if (info.LinkTarget is not null) throw new InvalidDataException($"{entry} is a link; a shard's output holds regular files only");
            var target = Path.Combine(mergedFolder, relative);
            if ((info.Attributes & FileAttributes.Directory) != 0)
            {
                Directory.CreateDirectory(target);
                continue;
            }
            if (File.Exists(target) || Directory.Exists(target)) throw new InvalidDataException($"{relative} is in more than one shard (again in {shardFolder})");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(entry, target);
            copied++;
        }
        return copied;
    }
}
