using System.Text.Json.Serialization;

namespace BindingConformance.Fixtures;

/// <summary>
/// A golden model file: saved by <see cref="Writer"/> in <see cref="Format"/>, with the input batch it is
/// checked on and the logits and correct count the writer itself recorded for that batch.
/// </summary>
/// <param name="Id"><c>{model}/{writer}/{format}</c>, e.g. <c>LeNet1/mybinding/onnx</c>.</param>
/// <param name="Format">The format's wire name (<c>torchscript_traced</c>, <c>tfjs_layers</c>, …).</param>
/// <param name="Path">What a loader opens, relative to the manifest: the file, or the folder of a <c>tfjs_layers</c> model.</param>
/// <param name="Files">Every file of the model with its SHA-256.</param>
/// <param name="ExpectedLogits">safetensors with <c>logits</c> F32 [count, classes]: the writer's first pass over the batch.</param>
/// <param name="RecordedFrom">The format the writer evaluated to record them: this one, or, where the writer cannot load
/// its own export (Python PyTorch and ONNX), another file of the same trained weights.</param>
/// <param name="Correct">Correct predictions on the input batch; a loader must give exactly this many.</param>
/// <param name="LogitTolerance">Largest |logit − expected logit| a loader may show.</param>
public sealed record ModelFixture(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("writer")] string Writer,
    [property: JsonPropertyName("writer_version")] string WriterVersion,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("files")] IReadOnlyList<FixtureFile> Files,
    [property: JsonPropertyName("input_batch")] FixtureFile InputBatch,
    [property: JsonPropertyName("expected_logits")] FixtureFile ExpectedLogits,
    [property: JsonPropertyName("recorded_from")] string RecordedFrom,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("correct")] int Correct,
    [property: JsonPropertyName("logit_tolerance")] double LogitTolerance,
    [property: JsonPropertyName("training")] FixtureTraining Training)
{
    public static string IdOf(string model, string writer, string format) => $"{model}/{writer}/{format}";

    /// <summary>Every file the fixture's verdict depends on.</summary>
    [JsonIgnore]
    public IEnumerable<FixtureFile> AllFiles => [.. Files, InputBatch, ExpectedLogits];
}
