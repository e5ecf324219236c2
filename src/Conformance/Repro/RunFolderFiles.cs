namespace BindingConformance.Repro;

/// <summary>
/// The model files a report records, found in the run folder the report is read from. A report is hostile input and a
/// run folder may have been copied or moved, so a recorded path is taken relative to that folder, an absolute one in
/// another copy of the run is found at the same place under <c>models/</c> here, and anything else is refused: a bundle
/// copies only files of the run it reproduces, never what a report points at elsewhere.
/// </summary>
public static class RunFolderFiles
{
    /// <summary>Where a run keeps its saved models: <c>OUT/models/&lt;model&gt;/&lt;binding&gt;-&lt;device&gt;/</c>.</summary>
    public const string ModelsFolder = "models";

    /// <summary>The full path, inside <paramref name="runFolder"/>, of the file or folder <paramref name="recorded"/> names.</summary>
    /// <exception cref="InvalidDataException">It lies outside the run folder, is missing, or is (or passes through) a link or special file.</exception>
    public static string Resolve(string runFolder, string recorded)
    {
        var root = Path.GetFullPath(runFolder);
        string relative;
        if (!Path.IsPathRooted(recorded)) relative = recorded;
        else if (IsUnder(root, Path.GetFullPath(recorded))) relative = Path.GetRelativePath(root, Path.GetFullPath(recorded));
        else
        {
            // The run was copied or moved: the part from its models folder on names the same file in this copy.
            var segments = Path.GetFullPath(recorded).Split('/');
            var at = Array.LastIndexOf(segments, ModelsFolder);
            if (at < 0) throw new InvalidDataException($"{BundleFiles.Printable(recorded)} is outside the run folder {root}; only the run's own files are copied into a bundle");
            relative = string.Join('/', segments[at..]);
        }
        relative = relative.Replace('\\', '/');
        var full = BundleFiles.Inside(root, relative);
        return Directory.Exists(full) && !File.Exists(full) ? BundleFiles.Folder(root, relative) : BundleFiles.RegularFile(root, relative);
    }

    private static bool IsUnder(string root, string path) => path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}
