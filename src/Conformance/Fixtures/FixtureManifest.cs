using System.Text.Json;
using System.Text.Json.Serialization;
using BindingConformance.IO;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Fixtures;

/// <summary>
/// <c>fixtures/models/manifest.json</c>: every golden model file with its checksums, input batch, expected
/// logits and correct count. Paths are relative to the manifest's folder, so the folder can be copied anywhere.
/// </summary>
public sealed record FixtureManifest(
    [property: JsonPropertyName("format_version")] int FormatVersion,
    [property: JsonPropertyName("fixtures")] IReadOnlyList<ModelFixture> Fixtures)
{
    public const int CurrentFormatVersion = 1;

    public const string FileName = "manifest.json";

    /// <summary>The committed fixtures: <c>{checkout}/fixtures/models</c>.</summary>
    public static string DefaultDirectory => ProductPaths.Shipped(Path.Combine("fixtures", "models"));

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NewLine = "\n" };

    public ModelFixture Get(string id) =>
        Fixtures.FirstOrDefault(f => f.Id == id)
        ?? throw new InvalidDataException($"the fixture manifest has no fixture '{id}'");

    /// <summary>Reads and validates <c>{directory}/manifest.json</c>; any problem is one <see cref="InvalidDataException"/> line.</summary>
    public static FixtureManifest Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"no fixture manifest at {path} (conformance fixtures --regenerate writes one)");
        FixtureManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<FixtureManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a fixture manifest: {e.Message}");
        }
        if (manifest?.Fixtures is null) throw new InvalidDataException($"{path}: not a fixture manifest (no \"fixtures\")");
        if (manifest.FormatVersion != CurrentFormatVersion)
            throw new InvalidDataException($"{path}: format_version {manifest.FormatVersion}, this tool reads {CurrentFormatVersion}");
        foreach (var fixture in manifest.Fixtures)
            if (Problem(fixture) is { } problem) throw new InvalidDataException($"{path}: fixture {fixture?.Id ?? "(no id)"}: {problem}");
        if (manifest.Fixtures.GroupBy(f => f.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidDataException($"{path}: fixture {twice.Key} is listed twice");
        return manifest;
    }

    /// <summary>Writes the manifest atomically, so a reader sees the old fixture list or the new one.</summary>
    public void Write(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>The <see cref="ModelFormat"/> of a wire name such as <c>torchscript_traced</c>, or null.</summary>
    public static ModelFormat? ParseFormat(string? name) =>
        Enum.GetValues<ModelFormat>().Cast<ModelFormat?>().FirstOrDefault(f => f!.Value.WireName() == name);

    private static string? Problem(ModelFixture? fixture)
    {
        if (fixture is null) return "empty entry";
        if (fixture.Id is null || fixture.Model is null || fixture.Writer is null || fixture.WriterVersion is null || fixture.Path is null
            || fixture.Files is null || fixture.InputBatch is null || fixture.ExpectedLogits is null || fixture.Training is null)
            return "missing field (id, model, writer, writer_version, path, files, input_batch, expected_logits and training are required)";
        if (!ModelZoo.Names.Contains(fixture.Model)) return $"unknown model '{fixture.Model}'";
        if (ParseFormat(fixture.Format) is null) return $"unknown format '{fixture.Format}'";
        if (fixture.Files.Count == 0) return "lists no files";
        if (fixture.AllFiles.Select(f => f.Path).Append(fixture.Path).FirstOrDefault(p => p is null || Path.IsPathRooted(p) || p.Split('/').Contains("..")) is { } outside)
            return $"path '{outside}' is not inside the fixture folder";
        if (fixture.Count <= 0 || fixture.Correct < 0 || fixture.Correct > fixture.Count) return $"correct {fixture.Correct} of {fixture.Count} is impossible";
        if (!double.IsFinite(fixture.LogitTolerance) || fixture.LogitTolerance < 0) return $"logit_tolerance {fixture.LogitTolerance} is not a finite non-negative number";
        return null;
    }
}
