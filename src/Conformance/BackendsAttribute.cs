namespace BindingConformance;

/// <summary>
/// The alternate-inference-backend axis of a conformance matrix (<c>wasm</c> for TensorFlow.js): a backend cell runs the
/// binding's own file on each. When absent the cell has no backend and names leave it out.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class BackendsAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
