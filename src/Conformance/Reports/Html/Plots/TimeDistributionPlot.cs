using ScottPlot;

namespace BindingConformance.Reports.Html.Plots;

/// <summary>
/// Time samples of several bindings side by side: every sample as a point (spread sideways by a fixed pattern, so the
/// picture is the same every time) over a box of its quartiles, median and range.
/// </summary>
public static class TimeDistributionPlot
{
    public static Markup Render(SvgPlotter plotter, string title, string unit, IReadOnlyList<(string Label, IReadOnlyList<double> Seconds)> groups)
    {
        var plot = SvgPlotter.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var g = 0; g < groups.Count; g++)
        {
            var values = groups[g].Seconds.Order().ToArray();
            var color = palette.GetColor(g);
            var box = new Box
            {
                Position = g,
                BoxMin = Quantile(values, 0.25),
                BoxMax = Quantile(values, 0.75),
                BoxMiddle = Quantile(values, 0.5),
                WhiskerMin = values[0],
                WhiskerMax = values[^1],
                Width = 0.5,
            };
            box.FillColor = color.WithAlpha(0.15);
            box.LineColor = color;
            plot.Add.Box(box);
            var xs = groups[g].Seconds.Select((_, i) => g + Jitter(i)).ToArray();
            // The axis names each group: no legend.
            plot.Add.Markers(xs, groups[g].Seconds.ToArray(), MarkerShape.FilledCircle, 6, color);
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, groups.Count).Select(i => (double)i).ToArray(), groups.Select(g => g.Label).ToArray());
        plot.Axes.SetLimitsX(-0.6, groups.Count - 0.4);
        plot.Title(title);
        plot.YLabel(unit);
        return plotter.Render(plot, 120 + 170 * groups.Count, 320, $"{title}: every sample of {string.Join(", ", groups.Select(g => g.Label))}");
    }

    /// <summary>The q-quantile by linear interpolation between order statistics (numpy's default, R's type 7) of sorted <paramref name="sorted"/>.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        var h = (sorted.Count - 1) * q;
        var (low, high) = ((int)Math.Floor(h), (int)Math.Ceiling(h));
        return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
    }

    private static double Jitter(int i) => ((i * 7) % 11 - 5) * 0.03;
}
