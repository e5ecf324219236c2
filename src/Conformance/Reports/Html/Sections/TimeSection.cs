using System.Globalization;
using BindingConformance.Kinds.TimeCost;
using BindingConformance.Reports.Html.Plots;
using BindingConformance.Verdicts;

namespace BindingConformance.Reports.Html.Sections;

/// <summary>
/// The time-cost cells as distributions: per kind, model and device, every timed binding's samples beside its framework
/// default's, with the median speed-up, Cliff's delta and the Bonferroni-corrected Mann-Whitney p of each comparison.
/// </summary>
public sealed class TimeSection : IHtmlSection
{
    public string Id => "time";

    public string Title => "Time distributions";

    public Markup? Render(RunReport report, SvgPlotter plots)
    {
        var measured = report.Cells.Where(c => c.Kind is TimeCostKind).Select(c => (Cell: c, Samples: TimeSamples.Of(c))).Where(m => m.Samples is not null).ToArray();
        if (measured.Length == 0) return null;
        return Markup.Join(measured.GroupBy(m => (m.Cell.Kind, m.Cell.Key.Subject, m.Cell.Key.Device)).Select(group =>
        {
            var (kind, model, device) = group.Key;
            var samples = new List<(string Label, IReadOnlyList<double> Seconds)>();
            foreach (var (cell, times) in group)
            {
                if (cell.Reference is { } reference && samples.All(s => s.Label != reference)) samples.Add((reference, times!.ReferenceSeconds));
                samples.Add((cell.Key.Binding, times!.Seconds));
            }
            var title = $"{model} · {kind.Name} ({device})";
            var table = HtmlTable.Of(["binding", "against", "median", "speed-up (median)", "Cliff's delta", "p (Bonferroni)", "finding"], group.Select(m => (IReadOnlyList<Markup>)
            [
                Markup.Text(m.Cell.Key.Binding),
                Markup.Text(m.Cell.Reference),
                Markup.Text($"{Seconds(m.Samples!.Seconds)} (n = {m.Samples.Seconds.Count}) against {Seconds(m.Samples.ReferenceSeconds)} (n = {m.Samples.ReferenceSeconds.Count})"),
                Markup.Text(m.Samples.Speedup is { } s ? $"{RuleCheck.Number(s)}×" : "-"),
                Markup.Text(m.Samples.CliffsDelta is { } d ? $"{RuleCheck.Number(d)} ({m.Samples.Magnitude})" : "-"),
                Markup.Text(m.Samples.CorrectedP is { } p ? RuleCheck.Number(p) : "-"),
                Markup.Text(m.Cell.Speed?.Verdict ?? "-") + (m.Cell.FromCache ? Markup.Element("span", " (from the cache)", ("class", "cached")) : Markup.Empty),
            ]));
            return Markup.Element("figure", TimeDistributionPlot.Render(plots, title, "seconds", samples) + Markup.Element("figcaption", table));
        }));
    }

    private static string Seconds(IReadOnlyList<double> samples) =>
        $"{Statistics.Median.Of(samples).ToString("G4", CultureInfo.InvariantCulture)} s";
}
