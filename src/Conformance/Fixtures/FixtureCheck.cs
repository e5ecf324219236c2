using System.Globalization;
using BindingConformance.Cells;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles;
using BindingConformance.Reports;
using BindingConformance.Verdicts;

namespace BindingConformance.Fixtures;

/// <summary>
/// Loads one committed fixture into one binding on one device and compares it with what the writer recorded:
/// every pass must give exactly the recorded correct count and every logit must stay within the fixture's tolerance
/// (<see cref="InferenceVerdict"/>, the rules of every evaluation cell of a run).
/// The fixtures suite and <c>conformance fixtures</c> both judge through this, so they give the same verdict.
/// </summary>
public static class FixtureCheck
{
    /// <summary>Passes per check: the second shows the binding predicts the same way twice.</summary>
    public const int Passes = 2;

    /// <summary>The tensor of an expected-logits file: F32 [count, classes].</summary>
    public const string LogitsTensor = "logits";

    /// <summary>Why <paramref name="binding"/> cannot check the fixture here (format, binding, device), or null when it can.</summary>
    public static string? WhySkip(OracleRegistry registry, ModelFixture fixture, string binding, string device) =>
        registry.Get(binding).Capabilities.WhyCannotLoad(binding, FormatOf(fixture))
        ?? registry.Availability(binding).WhyNot(device);

    public static async Task<FixtureVerdict> RunAsync(
        OracleRegistry registry, string directory, ModelFixture fixture, string binding, string device, CancellationToken cancellationToken = default)
    {
        if (WhySkip(registry, fixture, binding, device) is { } skip) return FixtureVerdict.Skipped(skip);
        if (fixture.AllFiles.Select(f => f.WhyChanged(directory)).FirstOrDefault(w => w is not null) is { } changed)
            return FixtureVerdict.Failed(changed);

        float[] expected;
        EvaluateResult result;
        try
        {
            expected = ExpectedLogits(directory, fixture);
            var request = new EvaluateRequest(ModelZoo.Get(fixture.Model), InputBatch(directory, fixture), FormatOf(fixture),
                Path.GetFullPath(Path.Combine(directory, fixture.Path)), device, Passes);
            result = await registry.Get(binding).EvaluateAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is OracleException or InvalidDataException or WeightFileFormatException or KeyNotFoundException or IOException)
        {
            return FixtureVerdict.Failed($"{binding} could not evaluate it: {e.Message}");
        }
        return Judge(fixture, result, expected);
    }

    /// <summary>The rules of every evaluation cell (<see cref="InferenceVerdict"/>), with the writer's recording as the expectation.</summary>
    private static FixtureVerdict Judge(ModelFixture fixture, EvaluateResult result, float[] expected)
    {
        var recorded = new InferenceExpectation(fixture.Count, fixture.Correct, expected, $"{fixture.Writer}'s recording");
        var verdict = InferenceVerdict.Judge(recorded, result, VerdictRules.Default with { Float32LogitTolerance = fixture.LogitTolerance });
        // The verdict's own measurement; JSON holds no infinity, so a missing value is a NaN or infinite difference.
        var maxDifference = verdict.Metrics["max_abs_logit_difference"]?.GetValue<double>() ?? double.PositiveInfinity;
        return new FixtureVerdict(verdict.Passed ? CellOutcome.Passed : CellOutcome.Failed, verdict.Reason, result.CorrectPerPass, maxDifference);
    }

    /// <summary>The fixture's input batch as a dataset every oracle reads unchanged (the cache layout, test split = the batch).</summary>
    private static Oracles.Data.DatasetRef InputBatch(string directory, ModelFixture fixture)
    {
        var path = Path.GetFullPath(Path.Combine(directory, fixture.InputBatch.Path));
        var metadata = SafetensorsReader.ReadMetadata(path);
        int Count(string key) =>
            metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count
            : throw new InvalidDataException($"input batch {fixture.InputBatch.Path} has no '{key}' metadata");
        return new(ModelZoo.Get(fixture.Model).Dataset, path, Count("train_count"), Count("test_count"));
    }

    public static float[] ExpectedLogits(string directory, ModelFixture fixture)
    {
        var logits = SafetensorsReader.Read(Path.Combine(directory, fixture.ExpectedLogits.Path))[LogitsTensor];
        if (logits.Dtype != TensorDtype.F32 || logits.Shape.Count != 2 || logits.Shape[0] != fixture.Count)
            throw new InvalidDataException($"{fixture.ExpectedLogits.Path}: '{LogitsTensor}' must be F32 [{fixture.Count}, classes]");
        return logits.ToFloats();
    }

    private static ModelFormat FormatOf(ModelFixture fixture) =>
        FixtureManifest.ParseFormat(fixture.Format) ?? throw new InvalidDataException($"fixture {fixture.Id}: unknown format '{fixture.Format}'");
}
