namespace BindingConformance.Oracles.Workers;

/// <summary>
/// A binding described by a JSON file instead of C#: the command that starts its worker, and what must be known before
/// that worker answers (its id, framework, language, whether it is its framework's default, and what to do when it is
/// absent). Everything else the binding can do its worker declares in <c>hello</c> (PROTOCOL.md, "Manifests").
/// </summary>
/// <param name="Id">The binding id (<c>mybinding</c>); a released version's is <c>mybinding@2.1.0</c>.</param>
/// <param name="File">The manifest file, absolute; relative paths in it are resolved against its folder.</param>
/// <param name="Executable">The worker's executable: a bare name is searched on PATH, a relative path is taken from the manifest's folder.</param>
/// <param name="ExecutableVariable">An environment variable that, when set and not empty, replaces <paramref name="Executable"/>.</param>
/// <param name="Arguments">The worker's arguments, after placeholder expansion (<see cref="ManifestPlaceholders"/>).</param>
/// <param name="Environment">Variables set for the worker; a null value removes one.</param>
/// <param name="WorkingDirectory">The worker's working folder; null keeps the product's.</param>
/// <param name="InstallHint">What a user does when the binding is absent (the availability's fix).</param>
/// <param name="Packages">The folder the worker loads its binding's packages from (placeholder <c>{packages}</c>); a release has its own.</param>
/// <param name="Threads">How the worker is told its intra-op thread count, and the count the product asks for.</param>
/// <param name="Releases">How other released versions of the binding are installed to run side by side, and which always run.</param>
/// <param name="Problem">Why the manifest is invalid (a missing field, a wrong type); such a binding is absent with this reason.</param>
/// <param name="Release">The released version this manifest was derived for, and the binding it is a release of (<see cref="ForRelease"/>); null for the binding's own.</param>
public sealed record BindingManifest(
    string Id,
    string File,
    string Framework,
    string Language,
    bool IsDefault,
    string Executable,
    string? ExecutableVariable,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    string? WorkingDirectory,
    string? InstallHint,
    string? Packages,
    ThreadsArgument? Threads,
    NpmReleases? Releases,
    string? Problem)
{
    /// <summary>The file name every manifest ends with, so that a folder's manifests can be found.</summary>
    public const string FileSuffix = ".binding.json";

    public BindingRelease? Release { get; init; }

    /// <summary>The folder of the manifest, which relative paths and <c>{manifest_dir}</c> refer to.</summary>
    public string Folder => System.IO.Path.GetDirectoryName(File) ?? ".";

    public BindingDescriptor Descriptor => new(Id, Framework, Language, IsDefault) { Release = Release };

    /// <summary>This binding at another released version, installed by <see cref="Releases"/> into its own folder under the cache.</summary>
    /// <exception cref="ArgumentException">The manifest declares no releases, or <paramref name="version"/> is not an exact, path-safe version.</exception>
    public BindingManifest ForRelease(string version)
    {
        if (Releases is null)
            throw new ArgumentException($"binding '{Id}' cannot run other releases side by side: its manifest {File} has no 'releases' section");
        if (Release is not null) throw new ArgumentException($"binding '{Id}' is already the release {Release.Version}");
        var id = PathSafeName.CheckBindingId($"{Id}@{version}");
        return this with
        {
            Id = id,
            Packages = System.IO.Path.Combine(NpmReleases.Folder(id), "node_modules"),
            Release = new BindingRelease(Id, version),
        };
    }

    /// <summary>The same binding started with <paramref name="executable"/>, whatever <see cref="ExecutableVariable"/> says.</summary>
    public BindingManifest WithExecutable(string executable) => this with { Executable = executable, ExecutableVariable = null };
}
