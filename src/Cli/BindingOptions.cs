using BindingConformance.Oracles;
using BindingConformance.Oracles.Workers;

namespace BindingConformance.Cli;

/// <summary>
/// The options that choose a command's bindings: <c>--bindings-from FILE</c> (repeatable) adds the bindings of manifests,
/// each with the releases its manifest lists; <c>--bindings a,b</c> keeps only the bindings named, where a released version
/// (<c>mybinding@2.1.0</c>) of a binding whose manifest declares releases is added on request.
/// </summary>
public static class BindingOptions
{
    public const string Usage = "[--bindings a,b@VERSION] [--bindings-from MANIFEST]...";

    /// <summary>The manifests named by <c>--bindings-from</c>, read before anything starts; an unreadable one is a usage error.</summary>
    public static IReadOnlyList<BindingManifest> Manifests(CommandArgs args)
    {
        try
        {
            return args.Options("bindings-from").Select(BindingManifestReader.Read).ToArray();
        }
        catch (BindingManifestException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary><paramref name="registry"/> with <paramref name="manifests"/>' bindings added, then narrowed to <paramref name="bindingIds"/> when given.</summary>
    public static OracleRegistry Apply(OracleRegistry registry, IReadOnlyList<BindingManifest> manifests, IReadOnlyList<string>? bindingIds)
    {
        try
        {
            var added = manifests.Count == 0 ? registry : registry.Including(manifests.SelectMany(WorkerOracle.Of));
            return bindingIds is null ? added : added.Select(bindingIds);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

}
