using System.Text.Json;

namespace BindingConformance.Replication;

/// <summary>Writes the replication rows as a JSON array of objects with snake_case keys; null when not applicable.</summary>
public static class ReplicationJsonExporter
{
    public static void Export(IReadOnlyList<ReplicationRow> rows, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach (var row in rows)
        {
            json.WriteStartObject();
            json.WriteString("framework", row.Framework);
            json.WriteString("model", row.Model);
            json.WriteString("binding", row.Binding);
            Number(json, "train_time_median_default", row.TrainTimeMedianDefault);
            Number(json, "train_time_median", row.TrainTimeMedian);
            Number(json, "mwu_p", row.MannWhitneyP);
            Number(json, "mwu_p_adjusted", row.MannWhitneyPAdjusted);
            Number(json, "cliffs_delta", row.CliffsDelta);
            if (row.Magnitude is { } magnitude) json.WriteString("magnitude", magnitude.ToString().ToLowerInvariant());
            else json.WriteNull("magnitude");
            Number(json, "dtw_max_normalized", row.DtwMaxNormalized);
            Number(json, "fastdtw_max_normalized", row.FastDtwMaxNormalized);
            Number(json, "test_accuracy_mean_default", row.TestAccuracyMeanDefault);
            Number(json, "test_accuracy_mean", row.TestAccuracyMean);
            Number(json, "inference_same_fraction", row.InferenceSameFraction);
            Number(json, "inference_stable_fraction", row.InferenceStableFraction);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
