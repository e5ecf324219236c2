namespace BindingConformance;

/// <summary>
/// Models of the user's own on the model axis of a conformance matrix: each model spec file (docs/model-specs.md; paths
/// relative to the project, <see cref="Oracles.ProductPaths.Root"/>) is one model, named by its spec's <c>name</c>, planned and
/// run by the same engine as <c>conformance run --model-spec FILE</c>. It may stand beside <see cref="ModelsAttribute"/>.
/// A spec file that cannot be read is a visible failing case naming the field at fault.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class ModelSpecAttribute(params string[] paths) : Attribute
{
    public IReadOnlyList<string> Paths { get; } = paths;
}
