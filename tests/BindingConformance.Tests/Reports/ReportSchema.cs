using System.Text.Json;
using BindingConformance.Oracles;
using FluentAssertions;
using Json.Schema;

namespace BindingConformance.Tests.Reports;

/// <summary>The report contract, <c>docs/report.schema.json</c>, as the tests hold every report they produce to it.</summary>
internal static class ReportSchema
{
    public static string File { get; } = Path.Combine(ProductPaths.Root, "docs", "report.schema.json");

    private static readonly Lazy<JsonSchema> schema = new(() => JsonSchema.FromFile(File));

    /// <summary>Fails naming every violation (its location and message) when <paramref name="reportJson"/> does not validate.</summary>
    public static void ShouldValidate(string reportJson)
    {
        using var document = JsonDocument.Parse(reportJson);
        var result = schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var violations = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")).ToArray();
        result.IsValid.Should().BeTrue($"report.json must validate against {File}:\n{string.Join("\n", violations)}");
    }

    /// <summary>The <c>report.json</c> a run wrote into <paramref name="outputDirectory"/>, validated.</summary>
    public static void ShouldValidateFile(string outputDirectory) => ShouldValidate(System.IO.File.ReadAllText(Path.Combine(outputDirectory, "report.json")));
}
