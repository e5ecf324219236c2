namespace BindingConformance.Tests.Snapshots;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("conformance-snapshots-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
