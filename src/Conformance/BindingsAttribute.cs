namespace BindingConformance;

/// <summary>The binding axis of a conformance matrix: binding ids known to the oracle registry, e.g. <c>torchsharp</c>.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class BindingsAttribute(params string[] ids) : Attribute
{
    public IReadOnlyList<string> Ids { get; } = ids;
}
