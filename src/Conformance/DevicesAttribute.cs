namespace BindingConformance;

/// <summary>The device axis of a conformance matrix (<c>cpu</c>, <c>cuda</c>); <c>cpu</c> alone when absent.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class DevicesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
