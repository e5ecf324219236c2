using System.Text.Json;
using System.Text.Json.Nodes;

namespace BindingConformance.Oracles.Workers;

/// <summary>Turns request types (ModelSpec, DatasetRef, ...) into the JSON their <c>[JsonPropertyName]</c>s define.</summary>
public static class WorkerJson
{
    public static JsonNode From<T>(T value) =>
        JsonSerializer.SerializeToNode(value) ?? throw new ArgumentException($"{typeof(T).Name} serialized to JSON null");
}
