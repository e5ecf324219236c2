namespace BindingConformance.Oracles;

/// <summary>
/// A released version of a binding, run beside the binding's own as a binding of its own (<c>mybinding@2.1.0</c>): what it is
/// a release of, and which release. Lets a release be held to what its binding is held to without reading its id.
/// </summary>
/// <param name="Binding">The id of the binding it is a release of (<c>mybinding</c>).</param>
/// <param name="Version">The released version (<c>2.1.0</c>).</param>
public sealed record BindingRelease(string Binding, string Version);
