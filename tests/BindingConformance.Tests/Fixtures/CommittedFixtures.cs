using BindingConformance.Fixtures;

namespace BindingConformance.Tests.Fixtures;

/// <summary>A scratch copy of the committed fixtures folder (fixtures/models), deleted afterwards, for tests that change or add files.</summary>
internal sealed class CommittedFixtures : IDisposable
{
    public CommittedFixtures()
    {
        foreach (var file in Directory.EnumerateFiles(FixtureManifest.DefaultDirectory, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(Path, System.IO.Path.GetRelativePath(FixtureManifest.DefaultDirectory, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("conformance-fixtures-").FullName;

    public static FixtureManifest Manifest => FixtureManifest.Read(FixtureManifest.DefaultDirectory);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
