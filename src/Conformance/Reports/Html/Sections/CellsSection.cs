namespace BindingConformance.Reports.Html.Sections;

/// <summary>Every cell of the run: its kind and coordinates, outcome, whether it came from the run cache, and why.</summary>
public sealed class CellsSection : IHtmlSection
{
    public string Id => "cells";

    public string Title => "Every cell";

    public Markup? Render(RunReport report, Plots.SvgPlotter plots)
    {
        if (report.Cells.Count == 0) return Markup.Element("p", "The run recorded no cell.");
        var table = HtmlTable.Of(["kind", "cell", "outcome", "from cache", "reason"], report.Cells.Select(c => (IReadOnlyList<Markup>)
        [
            Markup.Text(c.Kind.Name),
            Markup.Element("code", c.Name),
            HtmlTable.Outcome(c.Outcome),
            Markup.Text(c.FromCache ? "yes" : ""),
            Markup.Text(c.Reason),
        ]), "cells");
        return Markup.Element("details", Markup.Element("summary", $"{report.Cells.Count} cells ({report.Cells.Count(c => c.FromCache)} from the cache)") + table);
    }
}
