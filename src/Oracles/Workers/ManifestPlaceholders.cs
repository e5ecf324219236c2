namespace BindingConformance.Oracles.Workers;

/// <summary>
/// The words a manifest's executable, arguments, environment values, working folder and packages folder may hold:
/// <c>{manifest_dir}</c> (the manifest's folder), <c>{root}</c> (the product's checkout, <see cref="ProductPaths.Root"/>),
/// <c>{cache}</c> (<see cref="ProductPaths.Cache"/>) and <c>{packages}</c> (the binding's packages folder, its release's for a
/// release). Any other braces are kept as written.
/// </summary>
public static class ManifestPlaceholders
{
    public static string Expand(string text, BindingManifest manifest) =>
        Expand(text, manifest, manifest.Packages is { } packages ? Expand(packages, manifest, packages: null) : null);

    private static string Expand(string text, BindingManifest manifest, string? packages)
    {
        var expanded = text
            .Replace("{manifest_dir}", manifest.Folder, StringComparison.Ordinal)
            .Replace("{root}", ProductPaths.Root, StringComparison.Ordinal)
            .Replace("{cache}", ProductPaths.Cache, StringComparison.Ordinal);
        return packages is null ? expanded : expanded.Replace("{packages}", packages, StringComparison.Ordinal);
    }
}
