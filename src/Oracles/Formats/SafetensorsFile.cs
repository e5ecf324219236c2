namespace BindingConformance.Oracles.Formats;

/// <summary>The contents of a safetensors file: tensors in file order and the string metadata.</summary>
public sealed class SafetensorsFile(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string> metadata)
{
    public IReadOnlyList<NamedTensor> Tensors { get; } = tensors;

    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    public NamedTensor this[string name] =>
        Tensors.FirstOrDefault(t => t.Name == name)
        ?? throw new KeyNotFoundException(
            $"no tensor '{name}'; the file holds: {string.Join(", ", Tensors.Select(t => t.Name))}");
}
