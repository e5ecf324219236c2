using System.Reflection;

namespace BindingConformance.Oracles.Workers;

/// <summary>
/// The manifests shipped with the product: every <c>*.binding.json</c> of this project, beside its worker script. The build
/// lists them in this assembly's metadata (<c>BindingConformance.Oracles.csproj</c>) and copies them beside it, so adding a
/// binding adds files and no C#, and a suite's own manifests in its output folder are never mistaken for shipped ones.
/// </summary>
public static class ShippedManifests
{
    /// <summary>The metadata key each shipped manifest's path (relative to the assembly's folder) is listed under.</summary>
    public const string MetadataKey = "BindingConformance.ShippedBindingManifest";

    /// <summary>The shipped manifests, ordered by binding id.</summary>
    /// <exception cref="BindingManifestException">A shipped manifest is missing or names no binding (a damaged installation).</exception>
    public static IReadOnlyList<BindingManifest> Read() =>
        typeof(ShippedManifests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key == MetadataKey && a.Value is not null)
            .Select(a => BindingManifestReader.Read(Path.Combine(AppContext.BaseDirectory, a.Value!.Replace('\\', '/'))))
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The shipped manifest of <paramref name="bindingId"/>.</summary>
    /// <exception cref="ArgumentException">No shipped manifest names it.</exception>
    public static BindingManifest Get(string bindingId) =>
        Read().FirstOrDefault(m => m.Id == bindingId)
        ?? throw new ArgumentException($"no shipped manifest names binding '{bindingId}'; shipped: {string.Join(", ", Read().Select(m => m.Id))}");
}
