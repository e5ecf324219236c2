namespace BindingConformance.Oracles.Mutants;

/// <summary>A folder for the rewritten copies (weights, datasets) a mutant feeds its binding; deleted with everything in it.</summary>
public sealed class MutantScratch(string directory) : IDisposable
{
    private int next;

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>A fresh path in the folder ending in <paramref name="fileName"/> (so the binding still sees the file's kind).</summary>
    public string NewPath(string fileName)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Path.Combine(Directory, $"{Interlocked.Increment(ref next)}-{fileName}");
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
