using System.Text.Json.Nodes;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.Tests.Workers;

/// <summary>
/// The golden model files of <c>fixtures/models</c> (manifest.json): what each writer saved, the 128-digit batch they were
/// run on, and the correct count and logits recorded for them, so that a worker test can evaluate a fixture and check it.
/// </summary>
public static class GoldenModels
{
    public static string Folder => Path.Combine(ProductPaths.Root, "fixtures", "models");

    /// <summary>The recorded batch as a dataset reference (one training example, 128 test digits).</summary>
    public static DatasetRef Batch { get; } = new(DatasetNames.Mnist, Path.Combine(Folder, "mnist-test128.safetensors"), 1, 128);

    /// <summary>Every fixture <paramref name="writer"/> saved in one of <paramref name="formats"/>.</summary>
    public static IReadOnlyList<GoldenModel> WrittenBy(string writer, params ModelFormat[] formats)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")))!;
        return manifest["fixtures"]!.AsArray()
            .Select(f => new GoldenModel(
                f!["model"]!.GetValue<string>(), f["writer"]!.GetValue<string>(), f["format"]!.GetValue<string>(),
                Path.Combine(Folder, f["path"]!.GetValue<string>()), Path.Combine(Folder, f["expected_logits"]!["path"]!.GetValue<string>()),
                f["correct"]!.GetValue<int>(), f["logit_tolerance"]!.GetValue<double>()))
            .Where(f => f.Writer == writer && formats.Any(format => format.WireName() == f.Format))
            .ToArray();
    }
}

/// <param name="Format">The format's wire name (<see cref="ModelFormatNames"/>).</param>
/// <param name="Correct">The correct count recorded on <see cref="GoldenModels.Batch"/>.</param>
public sealed record GoldenModel(string Model, string Writer, string Format, string Path, string LogitsPath, int Correct, double LogitTolerance)
{
    public ModelSpec Spec => ModelZoo.Get(Model);

    public ModelFormat FileFormat => ModelFormatNames.FromWireName(Format);

    public float[] ExpectedLogits => SafetensorsReader.Read(LogitsPath)["logits"].ToFloats();

    public EvaluateRequest Evaluate(int passes) => new(Spec, GoldenModels.Batch, FileFormat, Path, Device.Cpu, passes);

    public override string ToString() => $"{Model}/{Writer}/{Format}";
}
