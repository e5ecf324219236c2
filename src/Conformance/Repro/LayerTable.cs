using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace BindingConformance.Repro;

/// <summary>
/// The per-layer comparison of two bindings' activations on one batch, in execution order, and the first layer whose
/// relative deviation jumps above the threshold (<see cref="LayerLocalisation"/>).
/// </summary>
/// <param name="FirstDiverging">The first diverging layer's name, or null when no layer jumps above the threshold.</param>
public sealed record LayerTable(IReadOnlyList<LayerDeviation> Layers, string? FirstDiverging, double Threshold, double Jump)
{
    /// <summary>One line: <c>first diverging layer: conv1 (relative deviation 0.41, threshold 1e-05, ≥ 10× the previous layer)</c>.</summary>
    public string Summary
    {
        get
        {
            if (FirstDiverging is null)
                return $"no layer's relative deviation jumps above {Number(Threshold)} (largest {Number(Layers.Select(l => l.RelativeDeviation).DefaultIfEmpty(0).Max())})";
            var row = Layers.First(l => l.Layer == FirstDiverging);
            if (row.NonFinite)
                return $"first diverging layer: {FirstDiverging} (non-finite values, NaN or infinity, first appear in its output; they are never equal)";
            return $"first diverging layer: {FirstDiverging} (relative deviation {Number(row.RelativeDeviation)}, max |diff| {Number(row.MaxAbsDifference)}; " +
                   $"threshold {Number(Threshold)}, ≥ {Number(Jump)}× the previous layer)";
        }
    }

    /// <summary>A fixed-width text table, one row per layer, the first diverging one marked.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        var width = Math.Max(5, Layers.Select(l => l.Layer.Length).DefaultIfEmpty(0).Max());
        text.AppendLine($"{"layer".PadRight(width)}  {"shape",-18}  {"max |diff|",12}  {"relative",12}");
        foreach (var l in Layers)
            text.AppendLine($"{l.Layer.PadRight(width)}  {Shape(l.Shape),-18}  {Number(l.MaxAbsDifference),12}  {Number(l.RelativeDeviation),12}" +
                            (l.Layer == FirstDiverging ? "  <- first diverging" : ""));
        return text.ToString();
    }

    /// <summary>The same table in Markdown, for ISSUE.md; a layer is named by its tensor, which is data (escaped).</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine("| layer | shape | max \\|diff\\| | relative deviation | |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var l in Layers)
            md.AppendLine($"| {Reports.MarkdownText.Escape(l.Layer)} | {Shape(l.Shape)} | {Number(l.MaxAbsDifference)} | {Number(l.RelativeDeviation)} | {(l.Layer == FirstDiverging ? "**first diverging**" : "")} |");
        return md.ToString();
    }

    public JsonObject ToJson() => new()
    {
        ["first_diverging_layer"] = FirstDiverging,
        ["threshold"] = Threshold,
        ["jump"] = Jump,
        // JSON has no infinity: a layer that cannot be compared (shape or NaN) is null.
        ["layers"] = new JsonArray(Layers.Select(l => (JsonNode)new JsonObject
        {
            ["layer"] = l.Layer,
            ["shape"] = new JsonArray(l.Shape.Select(d => (JsonNode)d).ToArray()),
            ["max_abs_difference"] = Finite(l.MaxAbsDifference),
            ["relative_deviation"] = Finite(l.RelativeDeviation),
        }).ToArray()),
    };

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Shape(IReadOnlyList<long> shape) => $"[{string.Join(", ", shape)}]";

    /// <summary>Three significant digits, invariant and lower-case (<c>1e-05</c>).</summary>
    internal static string Number(double value) => value.ToString("G3", CultureInfo.InvariantCulture).ToLowerInvariant();
}
