using System.Text.Json;
using System.Text.Json.Nodes;

namespace BindingConformance.Reports;

/// <summary>
/// Typed reads of one JSON object from a file people keep and send: a missing or mistyped field is
/// <see cref="InvalidDataException"/> naming the object and the field, never a crash.
/// </summary>
public sealed class JsonFields(JsonObject json, string what)
{
    public string Text(string key) => OptionalText(key) ?? throw Missing(key);

    public string? OptionalText(string key) => json[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw Wrong(key, other, "text"),
    };

    public bool Bool(string key) => json[key] switch
    {
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        null => throw Missing(key),
        var other => throw Wrong(key, other, "true or false"),
    };

    public double Number(string key) => json[key] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => NumberOf(v)!.Value,
        null => throw Missing(key),
        var other => throw Wrong(key, other, "a number"),
    };

    public double? OptionalNumber(string key) => json[key] is null ? null : Number(key);

    /// <summary>The array of numbers at <paramref name="key"/>; a null item (a value that was not finite) reads as NaN.</summary>
    public double[] Numbers(string key) => json[key] switch
    {
        JsonArray items => items.Select((node, i) => node switch
        {
            null => double.NaN,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => NumberOf(v)!.Value,
            _ => throw new InvalidDataException($"{what} '{key}' item {i} is {Describe(node)}, not a number"),
        }).ToArray(),
        null => throw Missing(key),
        var other => throw Wrong(key, other, "an array of numbers"),
    };

    public JsonObject? OptionalObject(string key) => json[key] switch
    {
        null => null,
        JsonObject o => o,
        var other => throw Wrong(key, other, "an object"),
    };

    /// <summary>The objects of the array at <paramref name="key"/>; an absent array is bad input, an empty one is empty.</summary>
    public IEnumerable<JsonObject> Objects(string key) => json[key] switch
    {
        JsonArray items => items.Select((node, i) => node as JsonObject
                                                     ?? throw new InvalidDataException($"{what} '{key}' item {i} is {Describe(node)}, not an object")),
        null => throw Missing(key),
        var other => throw Wrong(key, other, "an array"),
    };

    private InvalidDataException Missing(string key) => new($"{what} has no '{key}'");

    private InvalidDataException Wrong(string key, JsonNode node, string expected) => new($"{what} '{key}' is {Describe(node)}, not {expected}");

    /// <summary>
    /// The number <paramref name="node"/> holds, or null when it holds none: read as its JSON text, so that a value built in
    /// memory from an integer reads like one parsed from a file.
    /// </summary>
    public static double? NumberOf(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public static string Describe(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant();
}
