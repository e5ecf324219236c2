using System.Collections;
using System.Text.Json.Nodes;

namespace BindingConformance.Cells;

/// <summary>
/// What a cell measured, as plain JSON values (numbers, text, arrays): for reports and people to read. Immutable: it
/// holds its own copy and hands out copies, so nothing can change a recorded cell. Facts the product acts on (rules,
/// blame, the repro case, a probe's behaviour) are typed members of <see cref="CellResult"/>, never read from here.
/// </summary>
public sealed class CellMetrics : IEnumerable<KeyValuePair<string, JsonNode?>>
{
    private readonly JsonObject values;

    public CellMetrics(JsonObject? values = null) => this.values = values is null ? [] : (JsonObject)values.DeepClone();

    public static CellMetrics Empty { get; } = new();

    public int Count => values.Count;

    public bool ContainsKey(string key) => values.ContainsKey(key);

    /// <summary>A copy of the value at <paramref name="key"/>, or null.</summary>
    public JsonNode? this[string key] => values[key]?.DeepClone();

    /// <summary>These metrics with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public CellMetrics With(string key, JsonNode? value)
    {
        var copy = ToJson();
        copy[key] = value?.DeepClone();
        return new CellMetrics(copy);
    }

    public JsonObject ToJson() => (JsonObject)values.DeepClone();

    public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator() =>
        values.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())).ToList().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
