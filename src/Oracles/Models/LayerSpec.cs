using System.Text.Json.Serialization;

namespace BindingConformance.Oracles.Models;

/// <summary>
/// One layer of a binding-neutral model. <see cref="Kind"/> is one of the kinds every oracle implements
/// (see <see cref="LayerKind"/>); <see cref="Name"/> is the prefix of the layer's parameters in saved
/// weights (<c>{Name}.weight</c>, <c>{Name}.bias</c>), identical in every binding.
/// </summary>
public sealed record LayerSpec(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("args")] IReadOnlyDictionary<string, double> Args)
{
    public int Int(string key) =>
        Args.TryGetValue(key, out var value) ? checked((int)value)
        : throw new ArgumentException($"layer '{Name}' ({Kind}) has no argument '{key}'");

    public double Real(string key) =>
        Args.TryGetValue(key, out var value) ? value
        : throw new ArgumentException($"layer '{Name}' ({Kind}) has no argument '{key}'");
}
