using BindingConformance.TimeAccounting;
using ScottPlot;

namespace BindingConformance.Reports.Html.Plots;

/// <summary>Where a run's wall time went: one bar per binding, stacked by what the run asked of it, and one for the harness.</summary>
public static class TimeAccountPlot
{
    public static Markup Render(SvgPlotter plotter, TimeAccount account)
    {
        var plot = SvgPlotter.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        var bindings = account.Bindings.Where(b => b.TotalSeconds > 0).ToArray();
        var uses = Enum.GetValues<ComputeUse>();
        var bars = new List<Bar>();
        for (var i = 0; i < bindings.Length; i++)
        {
            var bottom = 0.0;
            foreach (var (use, u) in uses.Select((u, k) => (u, k)))
            {
                var seconds = bindings[i].Seconds.GetValueOrDefault(use);
                bars.Add(new Bar { Position = i, ValueBase = bottom, Value = bottom + seconds, FillColor = palette.GetColor(u) });
                bottom += seconds;
            }
        }
        bars.Add(new Bar { Position = bindings.Length, Value = account.HarnessSeconds, FillColor = Colors.Gray });
        plot.Add.Bars(bars);
        plot.Legend.ManualItems.AddRange(uses.Select((u, k) => new LegendItem { LabelText = u.ToString().ToLowerInvariant(), FillColor = palette.GetColor(k) }));
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "harness", FillColor = Colors.Gray });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, bindings.Length + 1).Select(i => (double)i).ToArray(), [.. bindings.Select(b => b.Binding), "harness"]);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Where the wall time went");
        plot.YLabel("seconds");
        return plotter.Render(plot, 200 + 110 * (bindings.Length + 1), 340, "each binding's own compute by use, and the harness's share of the wall time");
    }
}
