using System.Text.Json.Serialization;

namespace BindingConformance.Oracles.Data;

/// <summary>
/// A converted dataset in the shared binary cache: one safetensors file holding <c>train_x</c>,
/// <c>train_y</c>, <c>test_x</c>, <c>test_y</c> (float32 images or int64 token ids, int64 labels; layout in
/// Data/DATASETS.md). Every binding reads this same file, so every binding sees the same examples.
/// </summary>
public sealed record DatasetRef(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("train_count")] int TrainCount,
    [property: JsonPropertyName("test_count")] int TestCount);
