namespace BindingConformance.Oracles.Workers;

/// <summary>
/// How a binding shipped as npm packages runs its other released versions side by side: each version's packages are
/// installed into a folder of their own under the cache (<c>.cache/releases/mybinding@2.1.0/</c>), and that folder becomes the
/// release's <c>{packages}</c>.
/// </summary>
/// <param name="Packages">The npm packages that make one release, each installed at the requested version
/// (<c>mybinding</c>, <c>mybinding-backend</c>).</param>
/// <param name="Versions">Released versions that always run beside the binding's own.</param>
public sealed record NpmReleases(IReadOnlyList<string> Packages, IReadOnlyList<string> Versions)
{
    /// <summary>Where the release <paramref name="releaseId"/> (<c>mybinding@2.1.0</c>) is installed.</summary>
    public static string Folder(string releaseId) => System.IO.Path.Combine(ProductPaths.Cache, "releases", releaseId);
}
