using BindingConformance.Cells;

namespace BindingConformance.Reports.Html.Sections;

/// <summary>Every failed cell: why, the binding blamed, and a link to its repro bundle's draft issue (docs/repro.md).</summary>
public sealed class FailuresSection : IHtmlSection
{
    public string Id => "failures";

    public string Title => "Failing cells";

    public Markup? Render(RunReport report, Plots.SvgPlotter plots)
    {
        var failed = report.Cells.Where(c => c.Outcome == CellOutcome.Failed).ToArray();
        if (failed.Length == 0) return Markup.Element("p", "No cell failed.");
        return HtmlTable.Of(["cell", "reason", "blame", "repro bundle"], failed.Select(c => (IReadOnlyList<Markup>)
        [
            Markup.Element("code", c.Name),
            Markup.Text(c.Reason),
            Markup.Text(c.Blame?.Binding),
            c.Repro.Bundle is { } bundle
                ? Markup.Link($"{bundle}/{Repro.ReproBundle.IssueFile}", Markup.Text($"{bundle}/{Repro.ReproBundle.IssueFile}"))
                : Markup.Text(c.Repro.Missing ?? "-"),
        ]), "failures");
    }
}
