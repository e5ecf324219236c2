using BindingConformance.Kinds.Training;
using ScottPlot;

namespace BindingConformance.Reports.Html.Plots;

/// <summary>
/// One binding's training of one model, every seed: per-epoch train accuracy (full colour, filled circles) and test
/// accuracy (paler, open squares), and the loss of every optimizer step, one colour per seed. No dashes: Skia's SVG
/// canvas does not draw path effects (it prints "Unsupported path effect" and draws the line solid).
/// </summary>
public static class TrainingCurvesPlot
{
    /// <summary>Loss curves longer than this are drawn through every n-th step (the report.json keeps them all).</summary>
    private const int MaxLossPoints = 600;

    public static Markup Accuracy(SvgPlotter plotter, string title, IReadOnlyList<SeedCurves> seeds)
    {
        var plot = SvgPlotter.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (seed, i) in seeds.Select((s, i) => (s, i)))
        {
            var color = palette.GetColor(i);
            Line(plot, seed.TrainAccuracy, 1, $"seed {seed.Seed} train", color, MarkerShape.FilledCircle);
            Line(plot, seed.TestAccuracy, 1, $"seed {seed.Seed} test", color.WithAlpha(0.55), MarkerShape.OpenSquare);
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("accuracy (● train, □ test)");
        plot.ShowLegend(Edge.Right);
        return plotter.Render(plot, 600, 340, $"{title}: accuracy per epoch of every seed");
    }

    public static Markup Loss(SvgPlotter plotter, string title, IReadOnlyList<SeedCurves> seeds)
    {
        var plot = SvgPlotter.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (seed, i) in seeds.Select((s, i) => (s, i)))
        {
            var stride = Math.Max(1, (seed.StepLosses.Count + MaxLossPoints - 1) / MaxLossPoints);
            Line(plot, seed.StepLosses, stride, $"seed {seed.Seed}", palette.GetColor(i), MarkerShape.FilledCircle);
        }
        plot.Title(title);
        plot.XLabel("optimizer step");
        plot.YLabel("training loss");
        plot.ShowLegend(Edge.Right);
        return plotter.Render(plot, 560, 340, $"{title}: training loss of every optimizer step of every seed");
    }

    /// <summary>The finite points of <paramref name="values"/> (1-based x), every <paramref name="stride"/>-th one.</summary>
    private static void Line(Plot plot, IReadOnlyList<double?> values, int stride, string legend, Color color, MarkerShape marker)
    {
        var points = values.Select((v, i) => (X: i + 1.0, Y: v)).Where((p, i) => p.Y is { } y && double.IsFinite(y) && (i % stride == 0 || i == values.Count - 1))
            .ToArray();
        if (points.Length == 0) return;
        var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y!.Value).ToArray(), color);
        line.LegendText = legend;
        line.LineWidth = 1.5f;
        line.MarkerShape = marker;
        line.MarkerSize = points.Length <= 50 ? 5 : 0;
    }
}
