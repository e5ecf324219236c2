using BindingConformance.History;

namespace BindingConformance.Reports.Html.Sections;

/// <summary>What changed against an older run (<see cref="RunDiff"/>): the bindings whose version changed, and every cell that changed.</summary>
public sealed class ChangesSection(RunReport previous) : IHtmlSection
{
    public string Id => "changes";

    public string Title => "Changes since the older run";

    public Markup? Render(RunReport report, Plots.SvgPlotter plots)
    {
        var diff = RunDiff.Between(previous, report);
        var intro = Markup.Element("p", $"Against the run started {previous.StartedAt:u} ({previous.Cells.Count} cells): " +
                                        (diff.Changed ? $"{diff.Changes.Count} cell{(diff.Changes.Count == 1 ? "" : "s")} changed." : "no cell changed."));
        var versions = diff.Versions.Count == 0 ? Markup.Empty : Markup.Element("ul", Markup.Join(diff.Versions.Select(v => Markup.Element("li", v))));
        var table = diff.Changed
            ? HtmlTable.Of(["change", "cell", "what changed"], diff.Changes.Select(c => (IReadOnlyList<Markup>)
                [Markup.Text(c.Change), Markup.Element("code", c.Key.Name), Markup.Join(c.Differences.Select(d => Markup.Element("div", d)))]))
            : Markup.Empty;
        return intro + versions + table;
    }
}
