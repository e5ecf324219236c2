using BindingConformance.IO;

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
        foreach (var folder in Folders.Select(f => Path.Combine(shardFolder, f)).Where(IsFolder))
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(shardFolder, entry);
            var target = Path.Combine(mergedFolder, relative);
            switch (FileKinds.Of(entry))
            {
                case FileKind.Directory:
                    AtomicFile.CreateFolder(target);
                    continue;
                case FileKind.Regular:
                    if (FileKinds.Of(target) != FileKind.Missing) throw new InvalidDataException($"{relative} is in more than one shard (again in {shardFolder})");
                    AtomicFile.Copy(entry, target);
                    copied++;
                    continue;
                case var kind:
                    throw new InvalidDataException($"{entry} is {FileKinds.Describe(kind)}; a shard's output holds regular files and folders only");
            }
        }
        return copied;
    }

    /// <summary>Whether the shard has <paramref name="folder"/>: a real folder, or nothing; anything else is refused.</summary>
    private static bool IsFolder(string folder) => FileKinds.Of(folder) switch
    {
        FileKind.Directory => true,
        FileKind.Missing => false,
        var kind => throw new InvalidDataException($"{folder} is {FileKinds.Describe(kind)}; a shard's output holds regular files and folders only"),
    };
}
