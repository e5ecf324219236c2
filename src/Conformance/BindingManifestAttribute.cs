using BindingConformance.Oracles;

namespace BindingConformance;

/// <summary>
/// Adds the binding a manifest describes (<c>src/Oracles/Workers/PROTOCOL.md</c>, "Manifests") to every
/// <see cref="OracleRegistry"/> the suite's theories run with, beside the registry's own bindings:
/// <c>[assembly: BindingManifest("bindings/my-binding.binding.json")]</c>. A relative path is taken from the suite assembly's
/// folder, so copy the manifest to the build output. A manifest that names no binding, or a binding id the registry already
/// has, makes every theory a visible failing case; any other fault in it makes that binding absent, its cells skipped with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class BindingManifestAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}
