using System.Globalization;
using BindingConformance.Repro;

namespace BindingConformance.Runs;

/// <summary>The <c>conformance run</c> line that re-runs just what a cell needs: its model, bindings, device and seeds.</summary>
public static class ReproduceLine
{
    public static string For(PlannedModel model, string device, params string[] bindings)
    {
        var seeds = model.Seeds;
        var first = seeds[0] == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $" --first-seed {seeds[0]}");
        return string.Create(CultureInfo.InvariantCulture,
            $"conformance run {(model.SpecFile is { } file ? $"--model-spec {ShellWords.Quote(file)}" : $"--models {model.Spec.Name}")} --bindings {string.Join(",", bindings.Distinct())} --devices {device} --seeds {seeds.Count}{first}");
    }
}
