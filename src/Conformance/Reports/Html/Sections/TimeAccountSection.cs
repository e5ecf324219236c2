using System.Globalization;
using BindingConformance.Reports.Html.Plots;
using BindingConformance.TimeAccounting;

namespace BindingConformance.Reports.Html.Sections;

/// <summary>Where the run's wall time went: each binding's own compute by use, and the harness's share.</summary>
public sealed class TimeAccountSection : IHtmlSection
{
    public string Id => "where-the-time-goes";

    public string Title => "Where the time goes";

    public Markup? Render(RunReport report, SvgPlotter plots)
    {
        if (report.Time is not { } time) return null;
        var uses = Enum.GetValues<ComputeUse>();
        var rows = time.Bindings.Where(b => b.TotalSeconds > 0).Select(b => (IReadOnlyList<Markup>)
        [
            Markup.Text(b.Binding),
            .. uses.Select(u => Markup.Text(S(b.Seconds.GetValueOrDefault(u)))),
            Markup.Text(S(b.TotalSeconds)),
            Markup.Text(Share(b.TotalSeconds, time.WallSeconds)),
        ]).Append(
        [
            Markup.Element("strong", "harness"), .. uses.Select(_ => Markup.Text("")), Markup.Text(S(time.HarnessSeconds)), Markup.Text(Share(time.HarnessSeconds, time.WallSeconds)),
        ]);
        var table = HtmlTable.Of(["", .. uses.Select(u => u.ToString().ToLowerInvariant()), "total", "share of wall time"], rows);
        var intro = Markup.Element("p", $"Wall time {S(time.WallSeconds)}: the bindings' own compute (wall time inside their calls) {S(time.BindingSeconds)}, " +
                                        $"the harness (planning, data, judging, bundles, reports) {S(time.HarnessSeconds)} ({Share(time.HarnessSeconds, time.WallSeconds)}).");
        return intro + Markup.Element("figure", TimeAccountPlot.Render(plots, time) + Markup.Element("figcaption", table));
    }

    private static string S(double seconds) => $"{seconds.ToString("0.0", CultureInfo.InvariantCulture)} s";

    private static string Share(double part, double whole) => whole > 0 ? $"{(100 * part / whole).ToString("0.0", CultureInfo.InvariantCulture)} %" : "-";
}
