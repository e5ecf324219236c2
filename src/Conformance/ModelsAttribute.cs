namespace BindingConformance;

/// <summary>The model axis of a conformance matrix, e.g. <c>[Models("LeNet1", "LeNet5")]</c>.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class ModelsAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
