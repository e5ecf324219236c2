namespace BindingConformance;

/// <summary>
/// The saved-file format axis of a conformance matrix, by wire name (<c>safetensors</c>, <c>torchsharp</c>,
/// <c>torchscript_traced</c>, <c>torchscript_scripted</c>, <c>onnx</c>, <c>tfjs_layers</c>): the cell's binding loads the
/// file its reference binding saved in that format. When absent the cell has no format and names leave it out.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class FormatsAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
