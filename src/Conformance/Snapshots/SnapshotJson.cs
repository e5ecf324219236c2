using System.Text.Json;

namespace BindingConformance.Snapshots;

/// <summary>
/// The snapshot file format: indented UTF-8 JSON with LF line ends, so approved files diff well in review. A snapshot read
/// back is hostile input (truncated, hand-edited): every constructor field must be there and non-nullable ones not null.
/// </summary>
internal static class SnapshotJson
{
    private static readonly JsonSerializerOptions options = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Serialize<T>(T record) => JsonSerializer.Serialize(record, options) + "\n";

    public static T Deserialize<T>(string json, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, options)
                ?? throw new InvalidDataException($"{path} holds null instead of a cell record");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid cell record: {e.Message}", e);
        }
    }
}
