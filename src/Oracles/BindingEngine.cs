namespace BindingConformance.Oracles;

/// <summary>
/// The engine a binding drives, with its version (<c>libtorch 1.13.0a0</c>): two bindings of one engine version differ only by
/// their binding's overhead, two of different versions also by their engine.
/// </summary>
/// <param name="Version">The engine's version; null when the binding names the engine but not its version.</param>
public sealed record BindingEngine(string Name, string? Version)
{
    /// <summary><c>libtorch 1.13.0a0</c>, as doctor and messages show it.</summary>
    public override string ToString() => $"{Name} {Version ?? "(version not given)"}";
}
